using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Slagboom.Core.Data;
using Slagboom.Core.Events;
using Slagboom.Core.RuleBook;
using Slagboom.Domain.Events;
using Slagboom.Rules;

namespace Slagboom.Core.Alerts;

/// <summary>
/// The running rules, fed with every batch that ingestion stores (API, MQTT, replay), their alerts stored through
/// <see cref="AlertService"/>. Two sources:
/// <list type="bullet">
/// <item>the rule set from <see cref="AlertSettings.RulesFolder"/> (YAML files, docs/rules.md), read once at start;</item>
/// <item>the active versions of the rules stored in the database (docs/rules.md, "Stored rules"), each with its
/// mainport's watch lists, each on its own <see cref="RuleEvaluator"/> that sees only its mainport's events.</item>
/// </list>
/// A publish, a retire or a watch-list change marks the mainport changed (<see cref="Changed"/>); the next batch
/// reloads that mainport's stored rules first. A rule whose version and watch-list values are unchanged keeps its
/// evaluator and so its windows and counts; a changed one starts afresh. Expired watch-list entries drop out the
/// same way, when the first expiry passes. Reloads are per process: with several server processes the others
/// pick a change up on their next restart. Everything runs under one lock: control-room volumes are far below one
/// core's throughput, and the order of events stays that of their arrival. A rule that no longer loads (its list
/// was removed) is logged with its errors and skipped; the others run.
/// </summary>
public sealed class RulesRuntime : IEventListener, IDisposable
{
    private readonly object _gate = new();
    private readonly RuleEvaluator? _folder;
    private readonly List<(Alert Alert, int? Version)> _raised = [];
    private readonly IServiceScopeFactory _scopes;
    private readonly ILogger<RulesRuntime> _logger;
    private readonly TimeProvider _clock;
    private readonly SemaphoreSlim _reloading = new(1, 1);
    private readonly Dictionary<string, List<Slot>> _stored = new(StringComparer.Ordinal);
    private readonly Dictionary<string, DateTime> _expiries = new(StringComparer.Ordinal);
    private readonly HashSet<string> _changed = new(StringComparer.Ordinal);
    private volatile bool _loaded;

    public RulesRuntime(AlertSettings settings, IServiceScopeFactory scopes, ILogger<RulesRuntime> logger, TimeProvider clock)
    {
        _scopes = scopes;
        _logger = logger;
        _clock = clock;
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

        _folder = new RuleEvaluator(loaded.RuleSet, a => _raised.Add((a, null)));
        logger.LogInformation("Rules loaded from {Folder}", settings.RulesFolder);
    }

    /// <summary>True when the folder's rules run (stored rules are loaded on the first batch).</summary>
    public bool Running => _folder is not null;

    /// <summary>The stored rules now running: (rule id, version) per mainport.</summary>
    public IReadOnlyList<(string Mainport, string RuleId, int Version)> StoredRules
    {
        get
        {
            lock (_gate)
            {
                return [.. _stored.SelectMany(m => m.Value.Select(s => (m.Key, s.RuleId, s.Version)))];
            }
        }
    }

    /// <summary>A mainport's stored rules or watch lists changed: reload them before the next batch.</summary>
    public void Changed(string mainport)
    {
        lock (_gate)
        {
            _changed.Add(mainport);
        }
    }

    public async ValueTask OnStoredAsync(IReadOnlyList<BarrierEvent> events, CancellationToken cancellationToken)
    {
        await ReloadIfNeededAsync(cancellationToken);
        List<(Alert Alert, int? Version)> alerts;
        lock (_gate)
        {
            foreach (var e in events)
            {
                _folder?.Process(e);
                if (_stored.TryGetValue(e.Mainport, out var slots))
                {
                    foreach (var slot in slots)
                    {
                        slot.Evaluator.Process(e);
                    }
                }
            }

            alerts = [.. _raised];
            _raised.Clear();
        }

        if (alerts.Count > 0)
        {
            var versions = new Dictionary<Alert, int?>(ReferenceEqualityComparer.Instance);
            foreach (var (alert, version) in alerts)
            {
                versions[alert] = version;
            }

            await using var scope = _scopes.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<AlertService>().StoreAsync([.. alerts.Select(a => a.Alert)], a => versions.GetValueOrDefault(a), cancellationToken);
        }
    }

    /// <summary>Loads the stored rules on the first batch, and reloads changed mainports (and those whose next watch-list expiry has passed).</summary>
    public async Task ReloadIfNeededAsync(CancellationToken cancellationToken = default)
    {
        var now = _clock.GetUtcNow().UtcDateTime;
        List<string>? mainports;
        lock (_gate)
        {
            mainports = !_loaded ? null : [.. _changed.Union(_expiries.Where(x => x.Value <= now).Select(x => x.Key))];
            if (mainports is { Count: 0 })
            {
                return;
            }
        }

        await _reloading.WaitAsync(cancellationToken);
        try
        {
            await using var scope = _scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            if (mainports is null)
            {
                if (_loaded)
                {
                    return;
                }

                mainports = await db.Rules.AsNoTracking().Where(r => r.Status == RuleStatus.Active).Select(r => r.Mainport).Distinct().ToListAsync(cancellationToken);
            }

            lock (_gate)
            {
                foreach (var m in mainports)
                {
                    _changed.Remove(m);
                }
            }

            var watchlists = scope.ServiceProvider.GetRequiredService<WatchlistService>();
            foreach (var mainport in mainports)
            {
                await ReloadAsync(db, watchlists, mainport, cancellationToken);
            }

            _loaded = true;
        }
        finally
        {
            _reloading.Release();
        }
    }

    private async Task ReloadAsync(AppDbContext db, WatchlistService watchlists, string mainport, CancellationToken cancellationToken)
    {
        var active = await db.Rules.AsNoTracking().Where(r => r.Mainport == mainport && r.Status == RuleStatus.Active && r.ActiveVersion != null)
            .Join(db.RuleVersions.AsNoTracking(), r => new { r.Id, Number = r.ActiveVersion!.Value }, v => new { Id = v.RuleId, v.Number }, (r, v) => new { r.Id, v.Number, v.Yaml })
            .OrderBy(r => r.Id).ToListAsync(cancellationToken);
        var lists = await watchlists.CurrentAsync(mainport, cancellationToken);
        var next = await watchlists.NextExpiryAsync(mainport, cancellationToken);
        List<Slot> current;
        lock (_gate)
        {
            current = _stored.GetValueOrDefault(mainport) ?? [];
        }

        var slots = new List<Slot>();
        foreach (var rule in active)
        {
            var signature = $"{rule.Number}\n{RuleText.ListsYaml(lists.Where(l => rule.Yaml.Contains(l.Name, StringComparison.OrdinalIgnoreCase)))}";
            var kept = current.Find(s => s.RuleId == rule.Id && s.Signature == signature);
            if (kept is not null)
            {
                slots.Add(kept);
                continue;
            }

            var (set, _, errors) = RuleText.Check(rule.Yaml, mainport, rule.Id, lists);
            if (set is null)
            {
                _logger.LogError("Stored rule {Rule} version {Version} does not load and does not run: {Errors}", rule.Id, rule.Number, string.Join("; ", errors));
                continue;
            }

            var version = rule.Number;
            slots.Add(new Slot(rule.Id, version, signature, new RuleEvaluator(set, a => _raised.Add((a, version)))));
        }

        lock (_gate)
        {
            _stored[mainport] = slots;
            if (next is { } expiry)
            {
                _expiries[mainport] = expiry;
            }
            else
            {
                _expiries.Remove(mainport);
            }
        }

        _logger.LogInformation("Stored rules of {Mainport} loaded: {Count} running", mainport, slots.Count);
    }

    public void Dispose() => _reloading.Dispose();

    private sealed record Slot(string RuleId, int Version, string Signature, RuleEvaluator Evaluator);
}
