using Executor.Drivers;
using Planner.Plans;

namespace Executor.Dcmanager;

/// <summary>
/// Runs <c>dcmanager.kube-rootca-update</c>: every subcloud's step joins its operation's <see cref="StrategyRun"/>, which
/// creates, applies, follows, aborts and deletes the dcmanager strategies; the attempt ends when the subcloud's strategy
/// step does. Observing (resume, a retry) joins the same run: the live strategy is read, never created twice.
/// </summary>
public sealed class KubeRootcaDriver(ResolvedPlan plan, Func<DcmanagerClient> client, RunHandle run, TimeProvider time, TimeSpan? pollInterval = null)
    : IStepDriver
{
    public const string Uses = "dcmanager.kube-rootca-update";

    private readonly Dictionary<int, StrategyRun> _runs = [];
    private readonly Lock _gate = new();

    public bool Handles(string uses, string action) => uses == Uses && action == "update";

    public Task<AttemptResult> RunAsync(AttemptCall call, CancellationToken cancellationToken) =>
        For(call).WaitAsync(call ?? throw new ArgumentNullException(nameof(call)), cancellationToken);

    public async Task<AttemptResult?> ObserveAsync(AttemptCall call, bool submitted, CancellationToken cancellationToken) =>
        await For(call).WaitAsync(call, cancellationToken);

    private StrategyRun For(AttemptCall call)
    {
        lock (_gate)
        {
            var index = call.Step.Operation;
            if (!_runs.TryGetValue(index, out var strategies))
            {
                var operation = plan.OperationAt(index) ?? throw new InvalidOperationException($"the plan has no operation {index}");
                strategies = new StrategyRun(KubeRootcaSpec.From(operation), client(), run, plan.Plan.Windows, time, pollInterval ?? TimeSpan.FromSeconds(1));
                _runs[index] = strategies;
            }

            return strategies;
        }
    }
}
