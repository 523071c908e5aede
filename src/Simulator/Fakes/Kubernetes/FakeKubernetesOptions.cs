using System.Net;

namespace Simulator.Fakes.Kubernetes;

/// <summary>How <see cref="FakeKubernetes.StartAsync"/> serves a cluster.</summary>
public sealed record FakeKubernetesOptions
{
    /// <summary>The MOSK API's address; null (or port 0) for a free port on 127.0.0.1. The management API takes the next port when free, else any free one.</summary>
    public IPEndPoint? Listen { get; init; }

    /// <summary>The actors' clocks run this many times faster than <see cref="Time"/> (a 60 s sleep takes 60/Speed s).</summary>
    public double Speed { get; init; } = 1;

    /// <summary>The clock for timestamps and the actors' delays; null for the system clock. Watch timeouts and bookmarks use real time.</summary>
    public TimeProvider? Time { get; init; }

    /// <summary>Seeds uids, generated names and the actors' random choices.</summary>
    public int Seed { get; init; } = 1;

    /// <summary>The bearer token clients must send; null for a random one.</summary>
    public string? Token { get; init; }

    /// <summary>Whether the actors (Rockoon, LCM, DaemonSet controller) run; off, the fake only stores and serves (Rockoon's admission still applies).</summary>
    public bool Actors { get; init; } = true;

    /// <summary>The actors' behaviour; null to read it from the cluster file's <c>behaviour</c> section.</summary>
    public Actors.FakeBehaviour? Behaviour { get; init; }
}
