using Executor.Drivers;
using Executor.OpenStack;
using Planner.Plans;

namespace Executor.Kinds;

/// <summary>
/// How <c>mplan apply</c> runs one operation kind: the driver it builds for a cluster, that every step is a gate the
/// runner itself holds, or why apply cannot run it yet (it is planned and simulated only). Also which live inventory
/// apply compares the reviewed plan with.
/// </summary>
public sealed record KindApply
{
    public required string Uses { get; init; }

    /// <summary>Builds the kind's driver for one cluster of a plan; null for a gate-only or plan-only kind.</summary>
    public Func<DriverServices, IStepDriver>? Driver { get; init; }

    /// <summary>Why apply cannot run this kind yet; null when it can.</summary>
    public string? PlanOnly { get; init; }

    /// <summary>The live objects apply reads before it runs, to refuse a plan the cloud no longer matches.</summary>
    public LiveInventorySource Live { get; init; }

    /// <summary>Whether this kind's operations authenticate to OpenStack.</summary>
    public bool NeedsOpenStack { get; init; }

    /// <summary>Whether this kind's operations reach the cluster's Kubernetes API (a kubeconfig or the pod's service account).</summary>
    public bool NeedsKubernetes { get; init; }
}

/// <summary>Where a kind's live inventory comes from.</summary>
public enum LiveInventorySource
{
    None,

    /// <summary>Octavia's load balancers and amphorae (<c>mplan inventory</c>).</summary>
    OctaviaLoadBalancers,
}

/// <summary>What a kind's driver may use, for one cluster of one plan.</summary>
public sealed class DriverServices
{
    public required ResolvedPlan Plan { get; init; }

    public required string Cluster { get; init; }

    public TimeProvider Time { get; init; } = TimeProvider.System;

    /// <summary>Environment variables (a passphrase's source); the process's by default.</summary>
    public Func<string, string?> Environment { get; init; } = System.Environment.GetEnvironmentVariable;

    /// <summary>The cluster's Octavia, authenticated on first use and shared by its Octavia kinds; null without OpenStack.</summary>
    public Func<OctaviaAccess>? Octavia { get; init; }

    /// <summary>The cluster's dcmanager (StarlingX system controller), authenticated on first use; null without OpenStack.</summary>
    public Func<Dcmanager.DcmanagerClient>? Dcmanager { get; init; }

    /// <summary>The run the drivers are part of (its journal, time zero, stop signal).</summary>
    public RunHandle Run { get; init; } = new();

    /// <summary>The cluster's dcmanager, or a clear error when the caller gave none.</summary>
    public Dcmanager.DcmanagerClient RequireDcmanager() =>
        Dcmanager?.Invoke() ?? throw new InvalidOperationException($"cluster {Cluster}: no OpenStack access was given for its dcmanager operations");

    /// <summary>The cluster's Kubernetes clients (MOSK and management), connected on first use; null without a kubeconfig.</summary>
    public Func<Kubernetes.KubeClients>? Kubernetes { get; init; }

    /// <summary>How long a Kubernetes driver's wait lets a failed watch rest before it watches again.</summary>
    public TimeSpan KubePollInterval { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>What the cluster's Kubernetes drivers share; connecting without Kubernetes access given is a clear error, on first use.</summary>
    public Kubernetes.KubeDriverContext RequireKubernetes() =>
        new(Plan, Cluster, Kubernetes ?? (() => throw new InvalidOperationException($"cluster {Cluster}: no Kubernetes access was given for its MOSK operations")),
            Time, KubePollInterval)
        {
            Octavia = Octavia,
        };

    /// <summary>The cluster's Octavia, or a clear error when the caller gave none.</summary>
    public OctaviaAccess RequireOctavia() =>
        Octavia?.Invoke() ?? throw new InvalidOperationException($"cluster {Cluster}: no OpenStack access was given for its Octavia operations");
}

/// <summary>One cluster's Octavia client and the driver options its cloud calls for.</summary>
public sealed record OctaviaAccess(OctaviaClient Client, OctaviaDriverOptions Options);
