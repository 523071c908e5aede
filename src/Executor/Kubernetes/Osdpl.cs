using System.Globalization;
using System.Text.Json;
using k8s;

namespace Executor.Kubernetes;

/// <summary>
/// Rockoon's OpenStackDeployment and its OpenStackDeploymentStatus (CONTRACTS §2.1–2.2), read and patched with
/// KubernetesClient: the osdpl carries <c>status.certificates</c> behind a status subresource; the osdplst (plural
/// <c>openstackdeploymentstatus</c>, no "es") carries the LCM state and health on its main resource.
/// </summary>
public sealed class Osdpl(KubeClient client, string name, string ns)
{
    public const string Group = "lcm.mirantis.com";
    public const string Version = "v1alpha1";
    private const string Plural = "openstackdeployments";
    private const string StatusPlural = "openstackdeploymentstatus";

    public string Name => name;

    public string Namespace => ns;

    /// <summary>The OpenStackDeployment.</summary>
    /// <param name="cancellationToken">Cancels the call.</param>
    public Task<JsonElement> GetAsync(CancellationToken cancellationToken) =>
        KubeApiException.Wrap($"{Plural}/{name} (namespace {ns})",
            () => client.CustomObjects.GetNamespacedCustomObjectAsync<JsonElement>(Group, Version, ns, Plural, name, cancellationToken));

    /// <summary>The OpenStackDeploymentStatus, summarised.</summary>
    /// <param name="cancellationToken">Cancels the call.</param>
    public async Task<OsdplStatus> GetStatusAsync(CancellationToken cancellationToken)
    {
        var status = await KubeApiException.Wrap($"{StatusPlural}/{name} (namespace {ns})",
            () => client.CustomObjects.GetNamespacedCustomObjectAsync<JsonElement>(Group, Version, ns, StatusPlural, name, cancellationToken));
        return OsdplStatus.From(status);
    }

    /// <summary>The OpenStackDeploymentStatus, watched (its waits read it again at each change).</summary>
    public WatchedList StatusList => WatchedList.Custom(client, "mosk", Group, Version, StatusPlural, ns, fieldSelector: $"metadata.name={name}");

    /// <summary>The amphora CA's rotation_id (0 before the first rotation).</summary>
    /// <param name="cancellationToken">Cancels the call.</param>
    public async Task<long> RotationIdAsync(CancellationToken cancellationToken) =>
        (await GetAsync(cancellationToken)).Integer("status", "certificates", "octavia", "amphora", "rotation_id") ?? 0;

    /// <summary>
    /// What <c>osctl certificates rotate --type octavia:amphora</c> sends: a merge patch of the status subresource setting
    /// rotation_id to <paramref name="rotationId"/>. Rockoon's admission answers 400 when the osdpl is not APPLIED or
    /// the id does not rise by exactly one.
    /// </summary>
    /// <param name="rotationId">The new id (the current one plus one).</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    public Task PatchRotationIdAsync(long rotationId, CancellationToken cancellationToken)
    {
        var body = """{"status":{"certificates":{"octavia":{"amphora":{"rotation_id":""" + rotationId.ToString(CultureInfo.InvariantCulture) + "}}}}}";
        return KubeApiException.Wrap($"{Plural}/{name}/status (namespace {ns})",
            () => client.CustomObjects.PatchNamespacedCustomObjectStatusAsync<JsonElement>(new k8s.Models.V1Patch(body, k8s.Models.V1Patch.PatchType.MergePatch),
                Group, Version, ns, Plural, name, cancellationToken: cancellationToken));
    }
}

/// <summary>The osdplst's <c>status.osdpl.state</c>, when it was set, and every health component (<c>app/component</c> → Ready|Unhealthy).</summary>
public sealed record OsdplStatus(string State, DateTimeOffset? Since, IReadOnlyDictionary<string, string> Health)
{
    /// <summary>The components not Ready among <paramref name="only"/> (every one when empty).</summary>
    /// <param name="only">The <c>app/component</c> names the plan checks; empty for all.</param>
    public IReadOnlyList<string> Unhealthy(IReadOnlyCollection<string> only) =>
        [.. Health.Where(h => h.Value != "Ready" && (only.Count == 0 || only.Contains(h.Key))).Select(h => h.Key).Order(StringComparer.Ordinal)];

    public static OsdplStatus From(JsonElement osdplst)
    {
        var health = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var application in osdplst.Properties("status", "health"))
        {
            foreach (var component in application.Value.EnumerateObject())
            {
                health[$"{application.Name}/{component.Name}"] = component.Value.Text("status") ?? "Unknown";
            }
        }

        return new OsdplStatus(osdplst.Text("status", "osdpl", "state") ?? "UNKNOWN", ParseTimestamp(osdplst.Text("status", "osdpl", "timestamp")), health);
    }

    // Rockoon writes str(datetime.utcnow()): "2021-09-08 17:01:45.633143", a space, no zone, UTC.
    private static DateTimeOffset? ParseTimestamp(string? text) =>
        DateTime.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var parsed)
            ? new DateTimeOffset(parsed, TimeSpan.Zero)
            : null;
}
