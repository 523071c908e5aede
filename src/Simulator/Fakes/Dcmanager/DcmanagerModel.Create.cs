using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Simulator.Fakes.Dcmanager;

public sealed partial class DcmanagerModel
{
    private const int MaxParallelLimit = 5000;
    private static readonly string[] SubjectKeys = ["C", "ST", "L", "O", "OU", "CN"];

    /// <summary><c>POST /sw-update-strategy</c>: the API layer's checks (400), then the orchestrator's (422), then the steps.</summary>
    internal DcAnswer Create(JsonNode? body)
    {
        if (body is not JsonObject payload || payload.Count == 0)
        {
            return DcAnswer.BadRequest("Body required");
        }

        if (ApiCheck(payload) is { } refused)
        {
            return DcAnswer.BadRequest(refused);
        }

        lock (_gate)
        {
            var type = Text(payload["type"])!;
            var prefix = $"Unable to create strategy of type '{type}': Bad strategy request: ";
            if (_strategy is not null)
            {
                return DcAnswer.Unprocessable(prefix + $"Strategy of type: '{_strategy.Type}' already exists");
            }

            var group = Text(payload["subcloud_group"]) is { } g ? FindGroup(g) : null;
            if (Text(payload["subcloud_group"]) is not null && group is null)
            {
                return DcAnswer.BadRequest("Invalid group_id");
            }

            var force = Text(payload["force"]) == "true"; // A JSON boolean true is read as false, as the manager does.
            if (OrchestratorCheck(payload, type, force) is { } reason)
            {
                return DcAnswer.Unprocessable(prefix + reason);
            }

            var chosen = Eligible(Text(payload["cloud_name"]), group, force);
            if (chosen.Count == 0)
            {
                return DcAnswer.Unprocessable(prefix + "Strategy has no steps to apply");
            }

            _strategy = NewStrategy(payload, type, group, chosen);
            _created.Add((_strategy.Id, _strategy.Type, [.. chosen.Select(s => s.Name)]));
            return DcAnswer.Ok(DcmanagerJson.Strategy(_strategy, iso: true));
        }
    }

    private string? ApiCheck(JsonObject payload)
    {
        var type = Text(payload["type"]);
        if (type is null)
        {
            return "type required";
        }

        if (!KnownTypes.Contains(type))
        {
            return "type invalid";
        }

        if (payload["subcloud-apply-type"] is { } applyType && Text(applyType) is not ("parallel" or "serial"))
        {
            return "subcloud-apply-type invalid";
        }

        if (payload["max-parallel-subclouds"] is { } maxParallel && MaxParallelCheck(maxParallel, type) is { } invalid)
        {
            return invalid;
        }

        if (payload["stop-on-failure"] is { } stop && Text(stop) is not ("true" or "false"))
        {
            return "stop-on-failure invalid";
        }

        if (payload["force"] is { } force && !(Text(force) is "true" or "false" || (!Release.ForceMustBeString && force.GetValueKind() is JsonValueKind.True or JsonValueKind.False)))
        {
            return "force invalid";
        }

        if (payload["cloud_name"] is not null && payload["subcloud_group"] is not null)
        {
            return "cloud_name and subcloud_group are mutually exclusive";
        }

        if (payload["subcloud_group"] is not null && (payload["subcloud-apply-type"] is not null || payload["max-parallel-subclouds"] is not null))
        {
            return Release.ShortTexts
                ? "subcloud-apply-type and max-parallel-subclouds are not supported when subcloud_group is applied"
                : "subcloud-apply-type and max-parallel-subclouds are not allowed when subcloud_group is provided";
        }

        if (Release.HasCertFile && payload["cert-file"] is not null && (payload["expiry-date"] is not null || payload["subject"] is not null))
        {
            return "cert-file cannot be combined with expiry-date or subject";
        }

        return null;
    }

    private string? MaxParallelCheck(JsonNode value, string type)
    {
        var text = value.GetValueKind() == JsonValueKind.Number ? value.ToJsonString() : Text(value);
        if (!int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number))
        {
            return Release.ShortTexts ? "max-parallel-subclouds invalid" : $"max-parallel-subclouds invalid value. Value: {text}";
        }

        if (number is < 1 or > MaxParallelLimit)
        {
            return Release.ShortTexts
                ? "max-parallel-subclouds invalid"
                : $"Invalid max-parallel-subclouds value: {number}. For {type} strategy, the value must be between 1 and {MaxParallelLimit}.";
        }

        return null;
    }

    private string? OrchestratorCheck(JsonObject payload, string type, bool force)
    {
        if (Text(payload["cloud_name"]) is { } cloud)
        {
            var subcloud = _subclouds.FirstOrDefault(s => s.Name == cloud);
            if (subcloud is null)
            {
                return $"Subcloud {cloud} does not exist";
            }

            if (type == KubeRootca && subcloud.KubeRootcaSync == "in-sync" && !force)
            {
                return $"Subcloud {cloud} does not require kube-rootca update";
            }
        }

        var group = Text(payload["subcloud_group"]) is { } g ? FindGroup(g) : null;
        if (InScope(Text(payload["cloud_name"]), group).Any(s => s is { Management: "managed", Availability: "online", KubeRootcaSync: "unknown" }))
        {
            return "kube-rootca sync status is unknown for one or more subclouds";
        }

        if (Text(payload["expiry-date"]) is { } expiry)
        {
            if (!DateTime.TryParseExact(expiry, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var date))
            {
                return $"expiry_date {expiry} doesn't match format YYYY-MM-DD";
            }

            if (new DateTimeOffset(date, TimeSpan.Zero) - _time.GetUtcNow() < TimeSpan.FromHours(24))
            {
                return "New k8s rootCA should have at least 24 hours of validation before expiry.";
            }
        }

        return Text(payload["subject"]) is { } subject ? SubjectCheck(subject) : null;
    }

    private static string? SubjectCheck(string subject)
    {
        var keys = subject.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(part => part.Split('=', 2)[0]).ToList();
        if (keys.FirstOrDefault(k => !SubjectKeys.Contains(k)) is { } unknown)
        {
            return $"Invalid subject key {unknown}: the subject may have only C, ST, L, O, OU and CN";
        }

        return keys.Contains("CN") ? null : "The CN=<commonName> parameter is required to be specified in subject argument";
    }

    private IEnumerable<FakeSubcloud> InScope(string? cloud, FakeGroup? group) =>
        _subclouds.Where(s => (cloud is null || s.Name == cloud) && (group is null || s.GroupId == group.Id));

    // dcmanager's step selection: managed, online, kube-rootca out-of-sync (in-sync too with force).
    private List<FakeSubcloud> Eligible(string? cloud, FakeGroup? group, bool force) =>
    [
        .. InScope(cloud, group).Where(s => s is { Management: "managed", Availability: "online" } &&
            (s.KubeRootcaSync == "out-of-sync" || (force && s.KubeRootcaSync == "in-sync"))),
    ];

    private FakeGroup? FindGroup(string nameOrId) =>
        _groups.FirstOrDefault(g => g.Name == nameOrId || g.Id.ToString(CultureInfo.InvariantCulture) == nameOrId);

    private FakeStrategy NewStrategy(JsonObject payload, string type, FakeGroup? group, List<FakeSubcloud> chosen)
    {
        var now = _time.GetUtcNow();
        var applyType = group?.ApplyType ?? Text(payload["subcloud-apply-type"]) ?? "parallel";
        var maxParallel = group?.MaxParallelSubclouds ?? (payload["max-parallel-subclouds"] is { } m
            ? int.Parse(m.GetValueKind() == JsonValueKind.Number ? m.ToJsonString() : Text(m)!, CultureInfo.InvariantCulture)
            : 2);
        var extra = new JsonObject { ["expiry-date"] = Text(payload["expiry-date"]), ["subject"] = Text(payload["subject"]) };
        if (Release.HasCertFile)
        {
            extra["cert-file"] = Text(payload["cert-file"]);
        }

        var strategy = new FakeStrategy
        {
            Id = _nextStrategyId++,
            Type = type,
            ApplyType = applyType,
            MaxParallel = applyType == "serial" ? 1 : maxParallel,
            StopOnFailure = Text(payload["stop-on-failure"]) == "true",
            ExtraArgs = extra,
            CreatedAt = now,
        };
        foreach (var subcloud in chosen)
        {
            strategy.Steps.Add(new FakeStep { Id = _nextStepId++, Subcloud = subcloud, CreatedAt = now });
        }

        return strategy;
    }

    private static string? Text(JsonNode? node) => node is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;
}
