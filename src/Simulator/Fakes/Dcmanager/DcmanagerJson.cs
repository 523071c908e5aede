using System.Globalization;
using System.Text.Json.Nodes;

namespace Simulator.Fakes.Dcmanager;

/// <summary>
/// The fake's JSON, shaped as dcmanager's <c>db/api.py</c> dictionaries. Times computed in the API process (GETs) are
/// <c>str(datetime)</c>, "2022-01-12 19:19:03.782236"; times that crossed the RPC bus (create, actions, delete) are ISO
/// with a T. Both are UTC without a zone.
/// </summary>
internal static class DcmanagerJson
{
    private static readonly string[] StageNames = ["", "Create", "Apply", "Complete"];

    public static string? Time(DateTimeOffset? value, bool iso) =>
        value?.UtcDateTime.ToString(iso ? "yyyy-MM-dd'T'HH:mm:ss.ffffff" : "yyyy-MM-dd HH:mm:ss.ffffff", CultureInfo.InvariantCulture);

    public static JsonObject Strategy(FakeStrategy strategy, bool iso) => new()
    {
        ["id"] = strategy.Id,
        ["type"] = strategy.Type,
        ["subcloud-apply-type"] = strategy.ApplyType,
        ["max-parallel-subclouds"] = strategy.MaxParallel,
        ["stop-on-failure"] = strategy.StopOnFailure,
        ["state"] = strategy.State,
        ["created-at"] = Time(strategy.CreatedAt, iso),
        ["updated-at"] = Time(strategy.UpdatedAt, iso),
        ["extra-args"] = strategy.ExtraArgs.DeepClone(),
    };

    public static JsonObject Step(FakeStep step) => new()
    {
        ["id"] = step.Id,
        ["cloud"] = step.Subcloud.Name,
        ["stage"] = StageNames[step.Stage],
        ["state"] = step.State,
        ["details"] = step.Details,
        ["started-at"] = Time(step.StartedAt, iso: false),
        ["finished-at"] = Time(step.FinishedAt, iso: false),
        ["created-at"] = Time(step.CreatedAt, iso: false),
        ["updated-at"] = Time(step.UpdatedAt, iso: false),
    };

    public static JsonObject Subcloud(FakeSubcloud subcloud, DcmanagerRelease release, bool detail)
    {
        var body = new JsonObject
        {
            ["id"] = subcloud.Id,
            ["name"] = subcloud.Name,
            ["description"] = $"{subcloud.Name} (mplan fake)",
            ["location"] = null,
            ["software-version"] = release.Name == "10.0" ? "24.09" : release.Name == "11.0" ? "25.09" : "26.03",
            ["management-state"] = subcloud.Management,
            ["availability-status"] = subcloud.Availability,
            ["deploy-status"] = "complete",
            ["backup-status"] = null,
            ["backup-datetime"] = null,
            ["error-description"] = "No errors present",
            ["region-name"] = RegionName(subcloud),
            ["management-subnet"] = $"192.168.{100 + subcloud.Id}.0/24",
            ["management-start-ip"] = $"192.168.{100 + subcloud.Id}.2",
            ["management-end-ip"] = $"192.168.{100 + subcloud.Id}.50",
            ["management-gateway-ip"] = $"192.168.{100 + subcloud.Id}.1",
            ["openstack-installed"] = false,
            ["systemcontroller-gateway-ip"] = "192.168.204.101",
            ["created-at"] = Time(subcloud.CreatedAt, iso: false),
            ["updated-at"] = Time(subcloud.UpdatedAt, iso: false),
            ["group_id"] = subcloud.GroupId,
            ["peer_group_id"] = null,
            ["rehome_data"] = null,
            ["endpoint_sync_status"] = Endpoints(subcloud),
        };
        if (detail)
        {
            var online = subcloud.Availability == "online";
            body["oam_floating_ip"] = online ? $"10.10.{subcloud.Id}.2" : "unavailable";
            body["deploy_config_sync_status"] = online ? "Deployment: configurations up-to-date" : "unknown";
            body["region_name"] = RegionName(subcloud);
        }

        return body;
    }

    // Every endpoint but kube-rootca is in sync in the fake; an offline subcloud's are unknown, as the audit leaves them.
    private static JsonArray Endpoints(FakeSubcloud subcloud)
    {
        var offline = subcloud.Availability != "online";
        string[] types = ["dc-cert", "firmware", "kubernetes", "kube-rootca", "platform", "identity", "software"];
        return new JsonArray([.. types.Select(type => (JsonNode)new JsonObject
        {
            ["sync_status"] = type == "kube-rootca" ? subcloud.KubeRootcaSync : offline ? "unknown" : "in-sync",
            ["endpoint_type"] = type,
        })]);
    }

    // A stable, name-derived 32-hex region id, as dcmanager generates one per subcloud.
    private static string RegionName(FakeSubcloud subcloud) =>
        Convert.ToHexStringLower(System.Security.Cryptography.MD5.HashData(System.Text.Encoding.UTF8.GetBytes(subcloud.Name)));
}
