using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Slagboom.Core.Events;
using Slagboom.Domain.Events;
using Slagboom.Rules;

namespace Slagboom.Core.Alerts;

/// <summary>
/// The running rules: the rule set from <see cref="AlertSettings.RulesFolder"/> (YAML, docs/rules.md), fed with
/// every batch that ingestion stores (API, MQTT, replay), its alerts stored through <see cref="AlertService"/>. One
/// <see cref="RuleEvaluator"/> under a lock: control-room volumes are far below one core's throughput, and the
/// order of events stays that of their arrival. Without a folder (or with rule errors, which are logged with their
/// file and line) no rules run and events are still stored.
/// </summary>
public sealed class RulesRuntime : IEventListener
{
    private readonly object _gate = new();
    private readonly RuleEvaluator? _evaluator;
    private readonly List<Alert> _raised = [];
    private readonly IServiceScopeFactory _scopes;

    public RulesRuntime(AlertSettings settings, IServiceScopeFactory scopes, ILogger<RulesRuntime> logger)
    {
        _scopes = scopes;
        if (settings.RulesFolder is null)
        {
            return;
        }

        var loaded = RuleSetLoader.LoadDirectory(settings.RulesFolder);
        if (loaded.RuleSet is null || loaded.Errors.Count > 0)
        {
            foreach (var error in loaded.Errors)
            {
                logger.LogError("Rule error: {Error}", error);
            }

            return;
        }

        _evaluator = new RuleEvaluator(loaded.RuleSet, _raised.Add);
        logger.LogInformation("Rules loaded from {Folder}", settings.RulesFolder);
    }

    public bool Running => _evaluator is not null;

    public async ValueTask OnStoredAsync(IReadOnlyList<BarrierEvent> events, CancellationToken cancellationToken)
    {
        if (_evaluator is null)
        {
            return;
        }

        List<Alert> alerts;
        lock (_gate)
        {
            foreach (var e in events)
            {
                _evaluator.Process(e);
            }

            alerts = [.. _raised];
            _raised.Clear();
        }

        if (alerts.Count > 0)
        {
            await using var scope = _scopes.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<AlertService>().StoreAsync(alerts, cancellationToken);
        }
    }
}
