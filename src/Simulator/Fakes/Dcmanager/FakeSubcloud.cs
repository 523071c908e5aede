using Simulator.Behaviour;

namespace Simulator.Fakes.Dcmanager;

/// <summary>A subcloud as the fake holds it: what <c>GET /subclouds</c> shows, and how its update will go.</summary>
internal sealed class FakeSubcloud
{
    public required int Id { get; init; }

    public required string Name { get; init; }

    public required int GroupId { get; init; }

    public required string Availability { get; set; }

    public required string Management { get; set; }

    public required string KubeRootcaSync { get; set; }

    public required DateTimeOffset CreatedAt { get; init; }

    public DateTimeOffset UpdatedAt { get; set; }

    /// <summary>How long its update takes in the fake's time (before <c>--speed</c>).</summary>
    public required TimeSpan UpdateTime { get; init; }

    public required TargetFault Fault { get; init; }

    /// <summary>When the audit turns its kube-rootca endpoint in-sync after a completed update; null when none is due.</summary>
    public DateTimeOffset? AuditAt { get; set; }
}

/// <summary>A subcloud group: its name and the apply type and max parallel a group strategy takes from it.</summary>
internal sealed record FakeGroup(int Id, string Name, string ApplyType, int MaxParallelSubclouds);
