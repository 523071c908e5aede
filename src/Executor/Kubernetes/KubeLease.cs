using k8s;
using k8s.Models;

namespace Executor.Kubernetes;

/// <summary>
/// The run's lock on a Kubernetes cluster: a <c>coordination.k8s.io/v1</c> Lease, so that two operators on two
/// machines cannot apply to the same cluster at once (the journal's file lock covers one machine only). Taken by
/// creating it, or by replacing an expired one at its resourceVersion (a 409 means someone else was faster); renewed
/// while the run lasts; deleted when it ends. A run killed without deleting it frees the cluster once it expires.
/// </summary>
public sealed class KubeLease : IAsyncDisposable
{
    public const string DefaultName = "mplan-apply";
    private readonly IKubernetes _client;
    private readonly string _ns;
    private readonly string _name;
    private readonly TimeProvider _time;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _renewal;
    private V1Lease _lease;

    private KubeLease(IKubernetes client, V1Lease lease, TimeSpan duration, TimeProvider time)
    {
        _client = client;
        _lease = lease;
        _ns = lease.Metadata.NamespaceProperty;
        _name = lease.Metadata.Name;
        _time = time;
        _renewal = RenewAsync(duration / 3);
    }

    /// <summary>The holder whose expired or ended run this one took the Lease over from, if any.</summary>
    public string? TakenOverFrom { get; private init; }

    /// <summary>Who holds it, as written in <c>spec.holderIdentity</c>.</summary>
    public string Holder => _lease.Spec.HolderIdentity;

    /// <summary>Takes the Lease or says who holds it.</summary>
    /// <param name="client">The cluster's client.</param>
    /// <param name="ns">The Lease's namespace.</param>
    /// <param name="holder">This run: user, host, process and plan (never a secret).</param>
    /// <param name="duration">How long the Lease lasts without renewal.</param>
    /// <param name="time">The clock.</param>
    /// <param name="holderIsGone">Whether a holder is known to have ended (a killed run on this machine): its Lease is taken over.</param>
    /// <param name="cancellationToken">Cancels the attempt.</param>
    /// <exception cref="KubeLeaseHeldException">Another run holds it.</exception>
    public static async Task<KubeLease> AcquireAsync(IKubernetes client, string ns, string holder, TimeSpan duration, TimeProvider time,
        Func<string, bool> holderIsGone, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(time);
        var target = $"leases/{DefaultName} (namespace {ns})";
        var now = time.GetUtcNow().UtcDateTime;
        var spec = new V1LeaseSpec { HolderIdentity = holder, LeaseDurationSeconds = (int)duration.TotalSeconds, AcquireTime = now, RenewTime = now };
        try
        {
            var created = await KubeApiException.Wrap(target, () => client.CoordinationV1.CreateNamespacedLeaseAsync(
                new V1Lease { Metadata = new V1ObjectMeta { Name = DefaultName, NamespaceProperty = ns }, Spec = spec }, ns, cancellationToken: cancellationToken));
            return new KubeLease(client, created, duration, time);
        }
        catch (KubeApiException e) when (e.IsConflict)
        {
            // It exists: free to take only when its holder let it expire (or released it).
        }

        var existing = await KubeApiException.Wrap(target, () => client.CoordinationV1.ReadNamespacedLeaseAsync(DefaultName, ns, cancellationToken: cancellationToken));
        var previous = existing.Spec?.HolderIdentity;
        if (!Expired(existing, now) && !(previous is not null && holderIsGone(previous)))
        {
            throw new KubeLeaseHeldException(ns, previous, existing.Spec!.RenewTime ?? existing.Spec.AcquireTime);
        }

        existing.Spec = spec;
        try
        {
            var taken = await KubeApiException.Wrap(target, () => client.CoordinationV1.ReplaceNamespacedLeaseAsync(existing, DefaultName, ns, cancellationToken: cancellationToken));
            return new KubeLease(client, taken, duration, time) { TakenOverFrom = string.IsNullOrEmpty(previous) ? null : previous };
        }
        catch (KubeApiException e) when (e.IsConflict)
        {
            var winner = await client.CoordinationV1.ReadNamespacedLeaseAsync(DefaultName, ns, cancellationToken: cancellationToken);
            throw new KubeLeaseHeldException(ns, winner.Spec.HolderIdentity, winner.Spec.AcquireTime);
        }
    }

    private static bool Expired(V1Lease lease, DateTime now) =>
        string.IsNullOrEmpty(lease.Spec?.HolderIdentity)
        || (lease.Spec.RenewTime ?? lease.Spec.AcquireTime) is not { } renewed
        || renewed.ToUniversalTime().AddSeconds(lease.Spec.LeaseDurationSeconds ?? 0) < now;

    private async Task RenewAsync(TimeSpan every)
    {
        while (!_stop.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(every, _time, _stop.Token);
                _lease.Spec.RenewTime = _time.GetUtcNow().UtcDateTime;
                _lease = await _client.CoordinationV1.ReplaceNamespacedLeaseAsync(_lease, _name, _ns, cancellationToken: _stop.Token);
            }
            catch (OperationCanceledException)
            {
                return;
            }
#pragma warning disable CA1031 // A failed renewal is tried again next round; the Lease outlives a few misses.
            catch (Exception)
#pragma warning restore CA1031
            {
                try
                {
                    _lease = await _client.CoordinationV1.ReadNamespacedLeaseAsync(_name, _ns, cancellationToken: _stop.Token);
                }
#pragma warning disable CA1031
                catch (Exception)
#pragma warning restore CA1031
                {
                    // The API is away; the next round tries again.
                }
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _renewal;
        _stop.Dispose();
        try
        {
            var current = await _client.CoordinationV1.ReadNamespacedLeaseAsync(_name, _ns);
            if (current.Spec.HolderIdentity == _lease.Spec.HolderIdentity)
            {
                await _client.CoordinationV1.DeleteNamespacedLeaseAsync(_name, _ns);
            }
        }
#pragma warning disable CA1031 // Releasing is best effort: an unreleased Lease expires.
        catch (Exception)
#pragma warning restore CA1031
        {
        }
    }
}

/// <summary>Another run holds the cluster's Lease.</summary>
public sealed class KubeLeaseHeldException(string ns, string? holder, DateTime? since)
    : Exception($"another apply holds this cluster: Lease {ns}/{KubeLease.DefaultName} is held by {holder ?? "someone"}" +
        (since is { } at ? $" (renewed {at.ToUniversalTime():yyyy-MM-dd HH:mm:ss}Z)" : "") +
        "; wait until that run ends (or its Lease expires after it was killed), then apply again")
{
    public string? Holder { get; } = holder;
}
