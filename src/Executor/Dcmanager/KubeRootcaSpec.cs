using System.Collections.Immutable;
using System.Globalization;
using System.Text.Json.Nodes;
using Planner.Operations;
using static Planner.Documents.NodeReader;

namespace Executor.Dcmanager;

/// <summary>How mplan runs one kube-rootca-update operation's strategies.</summary>
public enum StrategyScope
{
    /// <summary>One strategy over every eligible subcloud (what dcmanager selects matches the plan's targets).</summary>
    All,

    /// <summary>One strategy over a subcloud group (<c>subcloud_group</c>): the group's apply type and max parallel.</summary>
    Group,

    /// <summary>One strategy per subcloud in turn (<c>cloud_name</c>): the plan names several subclouds or excludes some.</summary>
    PerSubcloud,
}

/// <summary>What a <c>dcmanager.kube-rootca-update</c> operation asks dcmanager for, from its effective settings.</summary>
public sealed record KubeRootcaSpec(
    string Operation,
    StrategyScope Scope,
    string? Group,
    string ApplyType,
    int MaxParallel,
    bool StopOnFailure,
    bool Force,
    string? ExpiryDate,
    string? Subject,
    string? CertFile,
    string Release,
    bool DeleteWhenDone,
    ImmutableArray<string> Targets)
{
    /// <summary>Where in the plan each option is written (<c>with.maxParallelSubclouds</c> → <c>plan.yaml:31:7</c>), and the operation itself (<c>id</c>).</summary>
    public IReadOnlyDictionary<string, string> Lines { get; init; } = new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>
    /// The plan line a dcmanager refusal is about: the option its text names (<c>max-parallel-subclouds invalid</c> →
    /// with.maxParallelSubclouds), else the operation's id.
    /// </summary>
    /// <param name="refusal">dcmanager's text.</param>
    public string LineFor(string refusal)
    {
        ArgumentNullException.ThrowIfNull(refusal);
        (string Text, string Key)[] options =
        [
            ("max-parallel-subclouds", "with.maxParallelSubclouds"), ("subcloud-apply-type", "with.subcloudApplyType"),
            ("stop-on-failure", "with.stopOnFailure"), ("expiry", "with.expiryDate"), ("rootCA", "with.expiryDate"),
            ("subject", "with.subject"), ("CN=", "with.subject"), ("cert-file", "with.certFile"), ("force", "select.force"),
            ("group", "select.group"), ("Subcloud ", "select.subclouds"), ("cloud_name", "select.subclouds"),
        ];
        return options.Where(o => refusal.Contains(o.Text, StringComparison.Ordinal)).Select(o => Lines.GetValueOrDefault(o.Key)).FirstOrDefault(l => l is not null)
            ?? Lines.GetValueOrDefault("id") ?? Operation;
    }

    /// <summary>Reads the expander's settings (defaults included) and the plan's <c>with:</c>.</summary>
    public static KubeRootcaSpec From(ExpandedOperation operation)
    {
        ArgumentNullException.ThrowIfNull(operation);
        string? Setting(string name) => operation.Settings.FirstOrDefault(s => s.Name == name)?.Value;
        var with = operation.Spec.With;
        var group = String(operation.Spec.Select, "group");
        var scope = Setting("strategy") switch
        {
            "per-subcloud" or "one subcloud (cloud_name)" => StrategyScope.PerSubcloud,
            _ when group is not null => StrategyScope.Group,
            _ => StrategyScope.All,
        };
        var force = Setting("select.force") == "true" || Setting("select.rootCaExpiresWithin") is not null;
        return new KubeRootcaSpec(
            operation.Spec.Id,
            scope,
            group,
            Setting("subcloudApplyType") ?? "parallel",
            int.Parse(Setting("maxParallelSubclouds") ?? "2", CultureInfo.InvariantCulture),
            Setting("stopOnFailure") == "true",
            force,
            String(with, "expiryDate"),
            SubjectText(Map(with, "subject")),
            String(with, "certFile"),
            Setting("release") ?? "12.0",
            Setting("deleteWhenDone") != "false",
            [.. operation.Targets.Select(t => t.Name)])
        {
            Lines = LinesOf(operation),
        };
    }

    private static Dictionary<string, string> LinesOf(ExpandedOperation operation)
    {
        var lines = new Dictionary<string, string>(StringComparer.Ordinal) { ["id"] = operation.Spec.IdSource.ToString() };
        foreach (var (section, map) in new[] { ("with", operation.Spec.With), ("select", operation.Spec.Select) })
        {
            foreach (var (key, _) in map?.Entries ?? [])
            {
                lines[$"{section}.{key.Value}"] = key.Location.ToString();
            }
        }

        return lines;
    }

    // dcmanager's form: space-separated KEY=VALUE in C ST L O OU CN order.
    private static string? SubjectText(Planner.Documents.YMapping? subject)
    {
        string[] order = ["C", "ST", "L", "O", "OU", "CN"];
        return subject is null ? null : string.Join(" ", order.Where(k => String(subject, k) is not null).Select(k => $"{k}={String(subject, k)}"));
    }

    /// <summary>
    /// The create body, every option included, booleans as the strings dcmanager's validator requires. A group brings its
    /// own apply type and max parallel (dcmanager refuses them with one); <c>cert-file</c> only before 12.0.
    /// </summary>
    /// <param name="cloud">The one subcloud of a per-subcloud strategy; null otherwise.</param>
    public JsonObject Payload(string? cloud)
    {
        var payload = new JsonObject { ["type"] = DcmanagerClient.Type };
        if (Scope == StrategyScope.Group)
        {
            payload["subcloud_group"] = Group;
        }
        else
        {
            payload["subcloud-apply-type"] = ApplyType;
            payload["max-parallel-subclouds"] = MaxParallel;
        }

        if (cloud is not null)
        {
            payload["cloud_name"] = cloud;
        }

        payload["stop-on-failure"] = StopOnFailure ? "true" : "false";
        payload["force"] = Force ? "true" : "false";
        if (CertFile is not null && Release != "12.0")
        {
            payload["cert-file"] = CertFile;
        }
        else
        {
            if (ExpiryDate is not null)
            {
                payload["expiry-date"] = ExpiryDate;
            }

            if (Subject is not null)
            {
                payload["subject"] = Subject;
            }
        }

        return payload;
    }
}
