using System.Globalization;
using System.Text.Json;

namespace Executor.Dcmanager;

/// <summary>A dcmanager strategy as the API shows it (<c>sw_update_strategy_db_model_to_dict</c>).</summary>
public sealed record DcStrategy(int Id, string Type, string ApplyType, int MaxParallel, bool StopOnFailure, string State,
    DateTimeOffset? CreatedAt, DateTimeOffset? UpdatedAt)
{
    /// <summary>complete, failed or aborted: nothing moves any more (with stop-on-failure on 11.0+, failed may come early).</summary>
    public bool IsFinal => State is "complete" or "failed" or "aborted";
}

/// <summary>One subcloud's strategy step; <see cref="Stage"/> is dcmanager's number (1 Create, 2 Apply, 3 Complete).</summary>
public sealed record DcStep(string Cloud, int Stage, string State, string Details, DateTimeOffset? StartedAt, DateTimeOffset? FinishedAt)
{
    /// <summary>Only complete, failed and aborted end a step; any other state (10.0/11.0 have more) is in progress.</summary>
    public bool IsFinal => State is "complete" or "failed" or "aborted";

    /// <summary>Started and not ended.</summary>
    public bool IsRunning => !IsFinal && State != "initial";
}

/// <summary>A subcloud with what a kube-rootca-update strategy selects on.</summary>
public sealed record DcSubcloud(int Id, string Name, int? GroupId, string Management, string Availability, string KubeRootcaSync);

/// <summary>Reads dcmanager's JSON: both datetime formats, booleans and numbers that may come as strings, stage names or numbers.</summary>
internal static class DcJson
{
    private static readonly string[] TimeFormats =
    [
        "yyyy-MM-dd HH:mm:ss.FFFFFFF", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFF", "yyyy-MM-dd HH:mm:ss", "yyyy-MM-dd'T'HH:mm:ss",
        "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFK", "yyyy-MM-dd HH:mm:ss.FFFFFFFK",
    ];

    /// <summary>"2022-01-12 19:19:03.782236" (API) or "2022-01-12T20:39:08.036660" (RPC), both UTC; null for null or None.</summary>
    public static DateTimeOffset? Time(string? text) =>
        text is null or "None" or "" ? null
        : DateTimeOffset.TryParseExact(text, TimeFormats, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var at)
            ? at
            : throw new FormatException($"dcmanager sent a time this client cannot read: '{text}'");

    public static DcStrategy Strategy(JsonElement e) => new(
        Int(e, "id") ?? 0, Str(e, "type") ?? "", Str(e, "subcloud-apply-type") ?? "", Int(e, "max-parallel-subclouds") ?? 0,
        Bool(e, "stop-on-failure"), Str(e, "state") ?? "", Time(Str(e, "created-at")), Time(Str(e, "updated-at")));

    public static DcStep Step(JsonElement e) => new(
        Str(e, "cloud") ?? "", Stage(Str(e, "stage")), Str(e, "state") ?? "", Str(e, "details") ?? "", Time(Str(e, "started-at")), Time(Str(e, "finished-at")));

    public static DcSubcloud Subcloud(JsonElement e)
    {
        var sync = "unknown";
        if (e.TryGetProperty("endpoint_sync_status", out var endpoints) && endpoints.ValueKind == JsonValueKind.Array)
        {
            sync = endpoints.EnumerateArray().Where(x => Str(x, "endpoint_type") == "kube-rootca").Select(x => Str(x, "sync_status")).FirstOrDefault() ?? sync;
        }

        return new DcSubcloud(Int(e, "id") ?? 0, Str(e, "name") ?? "", Int(e, "group_id"), Str(e, "management-state") ?? "",
            Str(e, "availability-status") ?? "", sync);
    }

    // The API maps 1/2/3 to Create/Apply/Complete; older answers give the number.
    private static int Stage(string? text) => text switch
    {
        "Create" => 1,
        "Apply" => 2,
        "Complete" => 3,
        _ => int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : 0,
    };

    private static string? Str(JsonElement e, string name) => e.TryGetProperty(name, out var v) ? v.ValueKind switch
    {
        JsonValueKind.String => v.GetString(),
        JsonValueKind.Number => v.GetRawText(),
        JsonValueKind.True => "true",
        JsonValueKind.False => "false",
        _ => null,
    } : null;

    private static int? Int(JsonElement e, string name) =>
        int.TryParse(Str(e, name), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n) ? n : null;

    private static bool Bool(JsonElement e, string name) => Str(e, name) is "true" or "True";
}
