using System.Collections.Concurrent;
using Executor.Drivers;
using Planner.Graph;

namespace Executor.Kubernetes;

/// <summary>
/// <c>mosk.cluster-update</c>. The LCM does the update; mplan starts it and follows it node by node:
/// <list type="bullet">
/// <item>the first <c>phase</c> sets every node's workload-policy annotations as the plan has them, then starts the
/// update (patches the Cluster's release when the plan names it; otherwise the <c>update-click</c> gate before it
/// waited for the operator's click) and waits until the LCM takes it up; later phases end when node work begins;</item>
/// <item><c>live-migrate</c>: Rockoon's NodeWorkloadLock of the node goes inactive (its messages are progress);</item>
/// <item><c>update</c>: the node's lcmmachine is Ready at the new release. After a manual node's gate was approved,
/// it first sets the node's policy to <c>skip</c>, the guide's way to confirm its workloads were moved.</item>
/// </list>
/// Where the LCM's order differs from the plan's, the progress says so.
/// </summary>
public sealed class ClusterUpdateDriver(KubeDriverContext context) : IStepDriver
{
    public const string Uses = "mosk.cluster-update";
    private readonly ConcurrentDictionary<string, string> _told = new(StringComparer.Ordinal);

    public bool Handles(string uses, string action) => uses == Uses && action is "phase" or "live-migrate" or "update";

    public Task<AttemptResult> RunAsync(AttemptCall call, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(call);
        return call.Step.Action switch
        {
            "phase" => PhaseAsync(call, cancellationToken),
            "live-migrate" => LiveMigrateAsync(call, cancellationToken),
            _ => UpdateAsync(call, cancellationToken),
        };
    }

    // Every action re-reads what it waits for; the only writes (annotations, the release patch) are idempotent.
    public async Task<AttemptResult?> ObserveAsync(AttemptCall call, bool submitted, CancellationToken cancellationToken) =>
        await RunAsync(call, cancellationToken);

    private Lcm Lcm() => new(context.Clients, context.Inventory.Kubernetes.ManagementNamespace, context.Inventory.Kubernetes.ClusterObject ?? context.Inventory.Name);

    private Step[] Phases(int operation) => [.. context.Plan.Graph.Steps.Where(s => s.Operation == operation && s.Action == "phase")];

    private async Task<AttemptResult> PhaseAsync(AttemptCall call, CancellationToken cancellationToken)
    {
        var lcm = Lcm();
        var phases = Phases(call.Step.Operation);
        var facts = new Dictionary<string, string>();
        string target;
        if (phases[0].Index == call.Step.Index)
        {
            facts["annotated"] = await AnnotateFromPlanAsync(lcm, call.Step.Operation, cancellationToken);
            target = await StartAsync(call, lcm, cancellationToken);
            facts["release"] = target;
            await context.UntilAsync([lcm.ClusterStates], async token =>
            {
                var (wanted, _) = await lcm.ReleaseStateAsync(token);
                return wanted is null || wanted == target ? "taken up" : null;
            }, cancellationToken);
            return AttemptResult.Success($"the LCM updates {lcm.Cluster} to {target}", facts);
        }

        target = await TargetAsync(call, lcm, cancellationToken);
        await context.UntilAsync([lcm.Machines], async token =>
        {
            var machines = await lcm.MachinesAsync(token);
            return machines.Values.Any(m => m.State != "Ready" || m.Release == target) ? "node work began" : null;
        }, cancellationToken);
        return AttemptResult.Success($"cluster-wide phase over: the LCM works on the nodes ({target})");
    }

    // The plan reviewed each node with its annotations (the inventory): make the live nodes say the same.
    private async Task<string> AnnotateFromPlanAsync(Lcm lcm, int operation, CancellationToken cancellationToken)
    {
        var changed = new List<string>();
        foreach (var target in context.Operation(operation).Targets)
        {
            var planned = context.Inventory.Nodes.First(n => n.Name == target.Id).Annotations;
            var live = await lcm.AnnotationsAsync(target.Id, cancellationToken);
            var patch = new Dictionary<string, string?>();
            foreach (var key in new[] { Kubernetes.Lcm.ModeAnnotation, Kubernetes.Lcm.AttemptsAnnotation })
            {
                var want = planned.GetValueOrDefault(key);
                if (live.TryGetValue(key, out var have) ? have != want : want is not null)
                {
                    patch[key] = want;
                }
            }

            if (patch.Count > 0)
            {
                await lcm.AnnotateAsync(target.Id, patch, cancellationToken);
                changed.Add($"{target.Id}={patch.GetValueOrDefault(Kubernetes.Lcm.ModeAnnotation) ?? "live"}");
            }
        }

        return changed.Count == 0 ? "none (the nodes already match the plan)" : string.Join(", ", changed);
    }

    private async Task<string> StartAsync(AttemptCall call, Lcm lcm, CancellationToken cancellationToken)
    {
        var current = await lcm.ClusterReleaseAsync(cancellationToken);
        if (context.Setting(call.Step.Operation, "clusterRelease") is not { } wanted)
        {
            // The gate before this phase waited for the operator's click; the Cluster's release says what was chosen.
            return current != context.Inventory.Kubernetes.ClusterRelease && current is not null
                ? current
                : throw new InvalidOperationException($"the Cluster {lcm.Cluster} still asks for {current ?? "no release"}: " +
                    "the update was not started; start it in the management console and approve the gate again");
        }

        if (current != wanted)
        {
            await lcm.PatchClusterReleaseAsync(wanted, cancellationToken);
            await call.Submitted($"Cluster {lcm.Cluster} release {current} -> {wanted}");
        }

        return wanted;
    }

    // The release the nodes go to: the plan's, or (started by the operator's click) what the Cluster asks for now.
    private async Task<string> TargetAsync(AttemptCall call, Lcm lcm, CancellationToken cancellationToken) =>
        context.Setting(call.Step.Operation, "clusterRelease") ?? await lcm.ClusterReleaseAsync(cancellationToken) ?? "";

    private async Task<AttemptResult> LiveMigrateAsync(AttemptCall call, CancellationToken cancellationToken)
    {
        var lcm = Lcm();
        var node = call.Step.TargetId ?? "";
        var operatorNext = HasGateAfter(call.Step);
        var state = await context.UntilAsync([lcm.Locks, lcm.MaintenanceRequests], async token =>
        {
            var held = await lcm.LockAsync(node, token);
            if (held is { Message: { Length: > 0 } message })
            {
                await TellOnceAsync(call, node, message);
                if (message.Contains(ServersRemain, StringComparison.Ordinal))
                {
                    // Rockoon migrated what it may; the rest (notify-tagged, or out of attempts) waits for a person.
                    return operatorNext ? "operator" : "stuck";
                }
            }

            return held is { State: "inactive" or "failed" } done && await lcm.MaintenanceRequestedAsync(node, token) ? done.State : null;
        }, cancellationToken);
        return state switch
        {
            "failed" => AttemptResult.Failure($"the workload lock of {node} went failed"),
            "stuck" => AttemptResult.Failure($"servers remain on {node} after Rockoon's live migration attempts; move them, then retry the step"),
            "operator" => AttemptResult.Success($"Rockoon migrated what it may from {node}; the rest waits for the operator (next step)"),
            _ => AttemptResult.Success($"Rockoon moved the workloads off {node} and released its lock"),
        };
    }

    private async Task<AttemptResult> UpdateAsync(AttemptCall call, CancellationToken cancellationToken)
    {
        var lcm = Lcm();
        var node = call.Step.TargetId ?? "";
        var facts = new Dictionary<string, string>();
        if (HasGateBefore(call.Step))
        {
            // The operator approved the node's gate: the workloads were moved by hand. Skip tells Rockoon to release.
            await lcm.AnnotateAsync(node, new Dictionary<string, string?> { [Kubernetes.Lcm.ModeAnnotation] = "skip" }, cancellationToken);
            facts["policy"] = "skip (set after the operator's approval)";
        }

        var target = await TargetAsync(call, lcm, cancellationToken);
        await NoteOrderAsync(call, lcm, node, target, cancellationToken);
        await context.UntilAsync([lcm.Machines, lcm.Locks], async token =>
        {
            var machines = await lcm.MachinesAsync(token);
            if (!machines.TryGetValue(node, out var machine))
            {
                throw new InvalidOperationException($"the management cluster has no lcmmachine for node {node}");
            }

            await TellOnceAsync(call, node, $"machine {machine.State}" + (machine.Release is { } r ? $" at {r}" : ""));
            if (await lcm.LockAsync(node, token) is { Message: { Length: > 0 } message })
            {
                await TellOnceAsync(call, node + "/lock", message);
            }

            return machine is { State: "Ready" } && machine.Release == target ? "updated" : null;
        }, cancellationToken);
        facts["release"] = target;
        return AttemptResult.Success($"{node} is Ready at {target}", facts);
    }

    private const string ServersRemain = "Some servers are still present on the host";

    private bool HasGateAfter(Step step) =>
        context.Plan.Graph.Steps.Any(s => s is { Kind: StepKind.Gate, Action: "operator-evacuate" } && s.TargetId == step.TargetId && s.Dependencies.Contains(step.Index));

    private bool HasGateBefore(Step step) =>
        step.Dependencies.Any(d => context.Plan.Graph.Steps[d] is { Kind: StepKind.Gate, Action: "operator-evacuate" } gate && gate.TargetId == step.TargetId);

    // The LCM picks its own order; the journal says where it differs from the plan's.
    private async Task NoteOrderAsync(AttemptCall call, Lcm lcm, string node, string target, CancellationToken cancellationToken)
    {
        var order = context.Operation(call.Step.Operation).Targets.Select(t => t.Id).ToList();
        var machines = await lcm.MachinesAsync(cancellationToken);
        var ahead = order.Skip(order.IndexOf(node) + 1).Where(n => machines.TryGetValue(n, out var m) && m.Release == target).ToList();
        if (ahead.Count > 0)
        {
            await call.Progress($"the LCM updated {string.Join(", ", ahead)} before {node}: the real order differs from the plan's");
        }
    }

    // Rockoon prefixes a lock's errorMessage with datetime.utcnow() each retry: the same words are told once.
    private async Task TellOnceAsync(AttemptCall call, string key, string message)
    {
        message = System.Text.RegularExpressions.Regex.Replace(message, @"^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}(\.\d+)? ", "");
        if (_told.TryGetValue(key, out var last) && last == message)
        {
            return;
        }

        _told[key] = message;
        await call.Progress(message);
    }
}
