using System.Text.Json.Nodes;

namespace Simulator.Fakes.Kubernetes;

/// <summary>
/// The discovery documents kubectl and client libraries read before they call anything: <c>/version</c>,
/// <c>/api</c>, <c>/api/v1</c>, <c>/apis</c>, <c>/apis/{group}</c>, <c>/apis/{group}/{version}</c>. Only the legacy
/// (non-aggregated) form is served; clients that ask for aggregated discovery fall back to it, as they do with older servers.
/// </summary>
internal static class Discovery
{
    public static JsonObject Version() => new()
    {
        ["major"] = "1",
        ["minor"] = "32",
        ["gitVersion"] = "v1.32.4",
        ["gitCommit"] = "59526cd4867447956156ae3a602fcbac10a2c335",
        ["gitTreeState"] = "clean",
        ["buildDate"] = "2025-04-22T16:02:27Z",
        ["goVersion"] = "go1.23.6",
        ["compiler"] = "gc",
        ["platform"] = "linux/amd64",
    };

    public static JsonObject CoreVersions(string serverAddress) => new()
    {
        ["kind"] = "APIVersions",
        ["versions"] = new JsonArray("v1"),
        ["serverAddressByClientCIDRs"] = new JsonArray(new JsonObject { ["clientCIDR"] = "0.0.0.0/0", ["serverAddress"] = serverAddress }),
    };

    public static JsonObject Groups(IEnumerable<ResourceType> types) => new()
    {
        ["kind"] = "APIGroupList",
        ["apiVersion"] = "v1",
        ["groups"] = new JsonArray([.. types.Where(t => t.Group.Length > 0).Select(t => t.Group).Distinct().Order(StringComparer.Ordinal)
            .Select(group => (JsonNode)Group(types, group))]),
    };

    public static JsonObject Group(IEnumerable<ResourceType> types, string group)
    {
        var versions = types.Where(t => t.Group == group).Select(t => t.Version).Distinct().ToList();
        JsonObject Version(string v) => new() { ["groupVersion"] = $"{group}/{v}", ["version"] = v };
        return new JsonObject
        {
            ["kind"] = "APIGroup",
            ["apiVersion"] = "v1",
            ["name"] = group,
            ["versions"] = new JsonArray([.. versions.Select(v => (JsonNode)Version(v))]),
            ["preferredVersion"] = Version(versions[0]),
        };
    }

    public static JsonObject Resources(IEnumerable<ResourceType> types, string group, string version)
    {
        var resources = new JsonArray();
        foreach (var type in types.Where(t => t.Group == group && t.Version == version))
        {
            var entry = Entry(type.Plural, type, ["create", "delete", "get", "list", "patch", "update", "watch"]);
            entry["singularName"] = type.Singular;
            if (type.ShortNames.Count > 0)
            {
                entry["shortNames"] = new JsonArray([.. type.ShortNames.Select(s => (JsonNode)s)]);
            }

            resources.Add((JsonNode)entry);
            if (type.HasStatusSubresource)
            {
                resources.Add((JsonNode)Entry($"{type.Plural}/status", type, ["get", "patch", "update"]));
            }

            if (type == ResourceTypes.Pods)
            {
                resources.Add((JsonNode)Entry("pods/log", type, ["get"], "Pod"));
                resources.Add((JsonNode)Entry("pods/eviction", type, ["create"], "Eviction", "policy", "v1"));
            }
        }

        return new JsonObject
        {
            ["kind"] = "APIResourceList",
            ["apiVersion"] = "v1",
            ["groupVersion"] = group.Length == 0 ? version : $"{group}/{version}",
            ["resources"] = resources,
        };
    }

    private static JsonObject Entry(string name, ResourceType type, string[] verbs, string? kind = null, string? group = null, string? version = null)
    {
        var entry = new JsonObject
        {
            ["name"] = name,
            ["singularName"] = "",
            ["namespaced"] = type.Namespaced,
        };
        if (group is not null)
        {
            entry["group"] = group;
            entry["version"] = version;
        }

        entry["kind"] = kind ?? type.Kind;
        entry["verbs"] = new JsonArray([.. verbs.Select(v => (JsonNode)v)]);
        return entry;
    }
}
