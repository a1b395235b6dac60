using Xunit.Sdk;
using Xunit.v3;

namespace Slagboom.Testing;

/// <summary>
/// Stops the shared PostgreSQL cluster while the test runner still waits for it. Stopping it from a
/// process-exit handler instead runs after the runner has returned, where xunit counts every second the
/// process lingers (stopping a cluster and deleting its folder can take longer on a slow machine) against
/// a 10-second limit and then fails the whole test assembly. Every test project names this type with
/// <c>[assembly: TestPipelineStartup(typeof(Slagboom.Testing.TestPipeline))]</c>.
/// </summary>
public sealed class TestPipeline : ITestPipelineStartup
{
    public ValueTask StartAsync(IMessageSink diagnosticMessageSink) => ValueTask.CompletedTask;

    public ValueTask StopAsync() => PostgresServer.Shared.DisposeAsync();
}
