namespace Executor.Drivers;

/// <summary>
/// Sends each attempt to the drivers of the cluster its operation runs against: a plan may touch several clouds,
/// each with its own session.
/// </summary>
public sealed class ClusterRouter(IReadOnlyDictionary<string, IReadOnlyList<IStepDriver>> byCluster) : IStepDriver
{
    public bool Handles(string uses, string action) => byCluster.Values.Any(drivers => drivers.Any(d => d.Handles(uses, action)));

    public Task<AttemptResult> RunAsync(AttemptCall call, CancellationToken cancellationToken) =>
        For(call)?.RunAsync(call, cancellationToken) ?? Task.FromResult(AttemptResult.Failure($"no driver for {call.Uses} on cluster {call.Cluster}"));

    public Task<AttemptResult?> ObserveAsync(AttemptCall call, bool submitted, CancellationToken cancellationToken) =>
        For(call)?.ObserveAsync(call, submitted, cancellationToken) ?? Task.FromResult<AttemptResult?>(null);

    private IStepDriver? For(AttemptCall call) =>
        byCluster.TryGetValue(call.Cluster, out var drivers) ? drivers.FirstOrDefault(d => d.Handles(call.Uses, call.Step.Action)) : null;
}
