using System.Globalization;
using Planner.Model;

namespace Planner.Operations;

/// <summary>
/// A resolved failure policy. With <see cref="Reached"/> false (the default) the action fires when failures
/// <em>exceed</em> the limit (maxErrors 3: on the 4th failure, as Rockoon's breaker and AWS SSM do); with
/// true it fires when they <em>reach</em> it. A percentage is of the operation's targets.
/// </summary>
public sealed record FailurePolicy(int? MaxCount, double? MaxPercent, bool Reached, PolicyAction Action)
{
    public static FailurePolicy ContinueAlways { get; } = new(null, null, false, PolicyAction.Continue);

    public bool IsBreached(int failures, int targets)
    {
        if (MaxCount is { } count)
        {
            return Reached ? failures >= count : failures > count;
        }

        if (MaxPercent is { } percent)
        {
            var share = failures * 100.0;
            var limit = percent * targets;
            return Reached ? share >= limit : share > limit;
        }

        return false;
    }

    public string Describe()
    {
        if (MaxCount is null && MaxPercent is null)
        {
            return "continue on failures";
        }

        var limit = MaxCount?.ToString(CultureInfo.InvariantCulture) ?? MaxPercent!.Value.ToString(CultureInfo.InvariantCulture) + "% of targets";
        var action = Action switch
        {
            PolicyAction.Stop => "stop",
            PolicyAction.Pause => "pause for the operator",
            _ => "continue",
        };
        return $"{action} when failures {(Reached ? ">=" : ">")} {limit}";
    }
}
