using System.Text.Json.Nodes;

namespace Simulator.Fakes.Dcmanager;

/// <summary>The one strategy the fake holds (dcmanager allows one of any type at a time).</summary>
internal sealed class FakeStrategy
{
    public required int Id { get; init; }

    public required string Type { get; init; }

    public required string ApplyType { get; init; }

    public required int MaxParallel { get; init; }

    public required bool StopOnFailure { get; init; }

    public required JsonObject ExtraArgs { get; init; }

    public required DateTimeOffset CreatedAt { get; init; }

    public string State { get; set; } = StrategyStates.Initial;

    public DateTimeOffset? UpdatedAt { get; set; }

    /// <summary>When a strategy in <c>deleting</c> is destroyed.</summary>
    public DateTimeOffset? DestroyAt { get; set; }

    /// <summary>Set once a step failed with stop-on-failure: nothing new starts.</summary>
    public bool Stopped { get; set; }

    public List<FakeStep> Steps { get; } = [];

    public bool HasCertFile => ExtraArgs["cert-file"] is JsonValue;
}

/// <summary>One subcloud's step of the strategy.</summary>
internal sealed class FakeStep
{
    public required int Id { get; init; }

    public required FakeSubcloud Subcloud { get; init; }

    public required DateTimeOffset CreatedAt { get; init; }

    /// <summary>1 Create, 2 Apply, 3 Complete (the API shows the name).</summary>
    public int Stage { get; set; } = 1;

    public string State { get; set; } = StepStates.Initial;

    public string Details { get; set; } = "";

    public DateTimeOffset? StartedAt { get; set; }

    public DateTimeOffset? FinishedAt { get; set; }

    public DateTimeOffset? UpdatedAt { get; set; }

    /// <summary>When the step ends if nothing interrupts it (the fake's scaled time).</summary>
    public DateTimeOffset? EndsAt { get; set; }

    public bool IsRunning => StartedAt is not null && !StepStates.IsFinal(State);
}
