using System.Globalization;
using Executor.Drivers;
using k8s;
using k8s.Models;

namespace Executor.Kubernetes;

/// <summary>
/// <c>kubernetes.restart-pods</c> for an OnDelete DaemonSet such as the vRouter agents: <c>restart</c> deletes the
/// DaemonSet's pod on one node and waits until its replacement is Ready and the DaemonSet's counters agree
/// (desiredNumberScheduled = numberReady, Rockoon's rule for OnDelete); <c>rollout-check</c> checks the same for the
/// whole DaemonSet at the end. The scheduler runs the nodes one by one and stops on the first failure.
/// </summary>
public sealed class RestartPodsDriver(KubeDriverContext context) : IStepDriver
{
    public const string Uses = "kubernetes.restart-pods";

    public bool Handles(string uses, string action) => uses == Uses && action is "restart" or "rollout-check";

    public async Task<AttemptResult> RunAsync(AttemptCall call, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(call);
        var (ns, name) = DaemonSet(call);
        if (call.Step.Action == "rollout-check")
        {
            return await RolloutAsync(ns, name, cancellationToken);
        }

        var node = call.Step.TargetId ?? "";
        var pod = await PodOnNodeAsync(ns, name, node, cancellationToken);
        if (pod is null)
        {
            return AttemptResult.Failure($"DaemonSet {ns}/{name} has no pod on node {node}");
        }

        await KubeApiException.Wrap($"pods/{pod.Metadata.Name} (namespace {ns})",
            () => Client.CoreV1.DeleteNamespacedPodAsync(pod.Metadata.Name, ns, cancellationToken: cancellationToken));
        await call.Submitted($"deleted pod {pod.Metadata.Name} (uid {pod.Metadata.Uid})");
        return await ReplacementAsync(call, ns, name, node, pod.Metadata.Uid, cancellationToken);
    }

    public async Task<AttemptResult?> ObserveAsync(AttemptCall call, bool submitted, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(call);
        if (call.Step.Action == "rollout-check")
        {
            return await RunAsync(call, cancellationToken);
        }

        // The delete was accepted before a crash: wait for whatever pod the controller put back, delete nothing again.
        var (ns, name) = DaemonSet(call);
        return submitted ? await ReplacementAsync(call, ns, name, call.Step.TargetId ?? "", previousUid: null, cancellationToken) : null;
    }

    private KubeClient Client => context.Clients.Mosk;

    private (string Namespace, string Name) DaemonSet(AttemptCall call) =>
        (context.Setting(call.Step.Operation, "namespace") ?? "tf",
         context.Setting(call.Step.Operation, "daemonSet") ?? throw new InvalidOperationException("the operation names no daemonSet"));

    private async Task<V1Pod?> PodOnNodeAsync(string ns, string daemonSet, string node, CancellationToken cancellationToken)
    {
        var pods = await KubeApiException.Wrap($"pods on node {node} (namespace {ns})",
            () => Client.CoreV1.ListNamespacedPodAsync(ns, fieldSelector: $"spec.nodeName={node}", cancellationToken: cancellationToken));
        return pods.Items.FirstOrDefault(p => p.Metadata.DeletionTimestamp is null
            && (p.Metadata.OwnerReferences?.Any(o => o.Kind == "DaemonSet" && o.Name == daemonSet) ?? false));
    }

    private async Task<AttemptResult> ReplacementAsync(AttemptCall call, string ns, string daemonSet, string node, string? previousUid,
        CancellationToken cancellationToken)
    {
        await call.Progress($"waiting for the new {daemonSet} pod on {node} to be Ready");
        var pod = await context.UntilAsync([WatchedList.Pods(Client, "mosk", ns, $"spec.nodeName={node}")], async token =>
        {
            var current = await PodOnNodeAsync(ns, daemonSet, node, token);
            return current is not null && current.Metadata.Uid != previousUid && IsReady(current) ? current : null;
        }, cancellationToken);
        var counters = await context.UntilAsync([WatchedList.DaemonSets(Client, "mosk", ns, $"metadata.name={daemonSet}")], async token =>
        {
            var set = await ReadAsync(ns, daemonSet, token);
            return Settled(set) ? set : null;
        }, cancellationToken);
        return AttemptResult.Success($"pod {pod.Metadata.Name} Ready on {node}", new Dictionary<string, string>
        {
            ["pod"] = pod.Metadata.Name,
            ["ready"] = $"{counters.Status?.NumberReady.ToString(CultureInfo.InvariantCulture)}/{counters.Status?.DesiredNumberScheduled.ToString(CultureInfo.InvariantCulture)}",
        });
    }

    private async Task<AttemptResult> RolloutAsync(string ns, string daemonSet, CancellationToken cancellationToken)
    {
        var set = await ReadAsync(ns, daemonSet, cancellationToken);
        var status = set.Status;
        return Settled(set)
            ? AttemptResult.Success($"DaemonSet {ns}/{daemonSet}: {status?.NumberReady}/{status?.DesiredNumberScheduled} Ready")
            : AttemptResult.Failure($"DaemonSet {ns}/{daemonSet} not settled: {status?.NumberReady ?? 0}/{status?.DesiredNumberScheduled ?? 0} Ready, " +
                $"generation {set.Metadata.Generation} observed {status?.ObservedGeneration ?? 0}");
    }

    private Task<V1DaemonSet> ReadAsync(string ns, string daemonSet, CancellationToken cancellationToken) =>
        KubeApiException.Wrap($"daemonsets/{daemonSet} (namespace {ns})", () => Client.AppsV1.ReadNamespacedDaemonSetAsync(daemonSet, ns, cancellationToken: cancellationToken));

    // Rockoon's readiness for an OnDelete DaemonSet (CONTRACTS §2.2): the controller saw the current spec and every
    // scheduled pod is Ready. Counters left out of the JSON are zero.
    private static bool Settled(V1DaemonSet set) =>
        (set.Status?.ObservedGeneration ?? 0) >= (set.Metadata.Generation ?? 0) && set.Status is { } s && s.DesiredNumberScheduled == s.NumberReady;

    private static bool IsReady(V1Pod pod) => pod.Status?.Conditions?.Any(c => c.Type == "Ready" && c.Status == "True") ?? false;
}
