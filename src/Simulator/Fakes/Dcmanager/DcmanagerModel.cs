using System.Text.Json.Nodes;
using Planner.Model;
using Simulator.Behaviour;
using Simulator.Sampling;

namespace Simulator.Fakes.Dcmanager;

/// <summary>
/// The fake system controller's state and rules (CONTRACTS §3): the subclouds and groups of a cluster file, the one
/// strategy, its create validations (400 from the API layer, 422 from the orchestrator), the actions and their guards,
/// and a clocked orchestrator (<see cref="Tick"/>). Thread-safe: every public member takes the lock.
/// </summary>
public sealed partial class DcmanagerModel
{
    private const string KubeRootca = "kube-rootca-update";

    // What dcmanager accepts as a strategy type; only kube-rootca-update is orchestrated here, the others stay initial.
    private static readonly string[] KnownTypes = ["firmware", "kube-rootca-update", "kubernetes", "patch", "prestage", "software", "upgrade"];

    private readonly Lock _gate = new();
    private readonly List<FakeSubcloud> _subclouds = [];
    private readonly List<FakeGroup> _groups = [];
    private readonly TimeProvider _time;
    private readonly double _speed;
    private FakeStrategy? _strategy;
    private int _nextStrategyId = 1;
    private int _nextStepId = 1;

    /// <param name="cluster">The cluster file's subclouds and groups.</param>
    /// <param name="behaviour">Its behaviour section: per-subcloud durations and faults.</param>
    /// <param name="release">Which release to behave as.</param>
    /// <param name="time">The fake's clock.</param>
    /// <param name="speed">Every duration (updates, the audit, deletion) is divided by this.</param>
    public DcmanagerModel(ClusterInventory cluster, ClusterBehaviour behaviour, DcmanagerRelease release, TimeProvider time, double speed)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        ArgumentNullException.ThrowIfNull(behaviour);
        Release = release;
        _time = time;
        _speed = speed > 0 ? speed : 1;
        var now = time.GetUtcNow();
        _groups.Add(new FakeGroup(1, "Default", "parallel", 2));
        foreach (var group in cluster.SubcloudGroups.Where(g => g.Name != "Default"))
        {
            _groups.Add(new FakeGroup(_groups.Count + 1, group.Name, group.ApplyType, group.MaxParallelSubclouds));
        }

        if (cluster.SubcloudGroups.FirstOrDefault(g => g.Name == "Default") is { } defaults)
        {
            _groups[0] = new FakeGroup(1, "Default", defaults.ApplyType, defaults.MaxParallelSubclouds);
        }

        var kind = behaviour.Kinds.GetValueOrDefault("dcmanager.kube-rootca-update");
        foreach (var (subcloud, index) in cluster.Subclouds.Select((s, i) => (s, i)))
        {
            var target = behaviour.Targets.GetValueOrDefault(subcloud.Name);
            var distribution = target?.Duration ?? kind?.Duration ?? BehaviourDefaults.For("dcmanager.kube-rootca-update").Duration!;
            var random = new KeyedRandom(1, index, 0);

            // Failures come only from what the file says (a fault, or a failure probability): a rehearsal is predictable.
            var probability = target?.FailureProbability ?? kind?.FailureProbability ?? 0;
            var fault = target?.Fault is { } f && f != TargetFault.None ? f : random.Chance(probability) ? TargetFault.Fails : TargetFault.None;
            _subclouds.Add(new FakeSubcloud
            {
                Id = index + 1,
                Name = subcloud.Name,
                GroupId = _groups.FirstOrDefault(g => g.Name == subcloud.Group)?.Id ?? AddGroup(subcloud.Group),
                Availability = subcloud.Availability,
                Management = subcloud.Management,
                KubeRootcaSync = subcloud.KubeRootcaSync,
                CreatedAt = now,
                UpdatedAt = now,
                UpdateTime = distribution.Sample(ref random),
                Fault = fault,
            });
        }
    }

    public DcmanagerRelease Release { get; }

    /// <summary>The strategy's state, or null when none exists (for tests and the fake's own log).</summary>
    public string? StrategyState
    {
        get
        {
            lock (_gate)
            {
                return _strategy?.State;
            }
        }
    }

    /// <summary><c>GET /sw-update-strategy[?type=]</c>.</summary>
    internal DcAnswer GetStrategy(string? type)
    {
        lock (_gate)
        {
            if (_strategy is null || (type is not null && _strategy.Type != type))
            {
                return DcAnswer.NotFound(type is null ? "Strategy not found" : $"Strategy of type '{type}' not found");
            }

            return DcAnswer.Ok(DcmanagerJson.Strategy(_strategy, iso: false));
        }
    }

    /// <summary><c>GET /sw-update-strategy/steps[/cloud]</c>; the type filter is ignored (there is one strategy).</summary>
    internal DcAnswer GetSteps(string? cloud)
    {
        lock (_gate)
        {
            var steps = _strategy?.Steps ?? [];
            if (cloud is null)
            {
                return DcAnswer.Ok(new JsonObject { ["strategy-steps"] = new JsonArray([.. steps.Select(s => (JsonNode)DcmanagerJson.Step(s))]) });
            }

            return steps.FirstOrDefault(s => s.Subcloud.Name == cloud) is { } step
                ? DcAnswer.Ok(DcmanagerJson.Step(step))
                : DcAnswer.NotFound("Strategy step not found");
        }
    }

    /// <summary><c>GET /subclouds</c>, with the aggregated <c>sync_status</c> the list adds.</summary>
    internal DcAnswer ListSubclouds()
    {
        lock (_gate)
        {
            return DcAnswer.Ok(new JsonObject
            {
                ["subclouds"] = new JsonArray([.. _subclouds.Select(s =>
                {
                    var body = DcmanagerJson.Subcloud(s, Release, detail: false);
                    var statuses = body["endpoint_sync_status"]!.AsArray().Select(e => e!["sync_status"]!.GetValue<string>()).ToList();

                    // dcmanager's aggregation: the first endpoint's value, out-of-sync as soon as any differs from it.
                    body["sync_status"] = statuses.All(v => v == statuses[0]) ? statuses[0] : "out-of-sync";
                    return (JsonNode)body;
                })]),
            });
        }
    }

    /// <summary><c>GET /subcloud-groups</c>.</summary>
    internal DcAnswer ListGroups()
    {
        lock (_gate)
        {
            var created = DcmanagerJson.Time(_subclouds.Select(s => s.CreatedAt).DefaultIfEmpty(_time.GetUtcNow()).Min(), iso: false);
            return DcAnswer.Ok(new JsonObject
            {
                ["subcloud_groups"] = new JsonArray([.. _groups.Select(g => (JsonNode)new JsonObject
                {
                    ["id"] = g.Id,
                    ["name"] = g.Name,
                    ["description"] = g.Name == "Default" ? "Default Subcloud Group" : $"{g.Name} (mplan fake)",
                    ["update_apply_type"] = g.ApplyType,
                    ["max_parallel_subclouds"] = g.MaxParallelSubclouds,
                    ["created_at"] = created,
                    ["updated_at"] = null,
                })]),
            });
        }
    }

    /// <summary><c>GET /subclouds/{id-or-name}[/detail]</c>.</summary>
    internal DcAnswer GetSubcloud(string idOrName, bool detail)
    {
        lock (_gate)
        {
            var subcloud = _subclouds.FirstOrDefault(s => s.Name == idOrName || s.Id.ToString(System.Globalization.CultureInfo.InvariantCulture) == idOrName);
            return subcloud is null ? DcAnswer.NotFound("Subcloud not found") : DcAnswer.Ok(DcmanagerJson.Subcloud(subcloud, Release, detail));
        }
    }

    /// <summary><c>POST /sw-update-strategy/actions?type=</c> with <c>{"action": "apply"|"abort"}</c>.</summary>
    internal DcAnswer Act(string? type, JsonNode? body)
    {
        if (body is not JsonObject payload || payload.Count == 0)
        {
            return DcAnswer.BadRequest("Body required");
        }

        if (payload["action"] is not JsonValue actionValue || !actionValue.TryGetValue<string>(out var action))
        {
            return DcAnswer.BadRequest("action required");
        }

        lock (_gate)
        {
            var verb = action == "apply" ? "apply" : "abort";
            var prefix = $"Unable to {verb} strategy of type '{type ?? "None"}': Bad strategy request: ";
            if (_strategy is null || (type is not null && _strategy.Type != type))
            {
                return DcAnswer.Unprocessable(prefix + $"Strategy with type {type ?? "None"} doesn't exist.");
            }

            if (action == "apply")
            {
                if (_strategy.State != StrategyStates.Initial)
                {
                    return DcAnswer.Unprocessable(prefix + $"Strategy in state {_strategy.State} cannot be applied");
                }

                SetState(_strategy, StrategyStates.Applying);
            }
            else if (action == "abort")
            {
                if (_strategy.State != StrategyStates.Applying)
                {
                    return DcAnswer.Unprocessable(prefix + $"Strategy in state {_strategy.State} cannot be aborted");
                }

                SetState(_strategy, StrategyStates.AbortRequested);
            }
            else
            {
                // dcmanager falls through both branches and answers without a body.
                return new DcAnswer(200, null);
            }

            return DcAnswer.Ok(DcmanagerJson.Strategy(_strategy, iso: true));
        }
    }

    /// <summary><c>DELETE /sw-update-strategy?type=</c>: state deleting, destroyed shortly after (then GET is 404).</summary>
    internal DcAnswer Delete(string? type)
    {
        lock (_gate)
        {
            var prefix = $"Unable to delete strategy of type '{type ?? "None"}': Bad strategy request: ";
            if (_strategy is null || (type is not null && _strategy.Type != type))
            {
                return DcAnswer.Unprocessable(prefix + $"Strategy with type {type ?? "None"} doesn't exist.");
            }

            if (_strategy.State is not (StrategyStates.Initial or StrategyStates.Complete or StrategyStates.Failed or StrategyStates.Aborted))
            {
                return DcAnswer.Unprocessable(prefix + $"Strategy in state {_strategy.State} cannot be deleted");
            }

            SetState(_strategy, StrategyStates.Deleting);
            _strategy.DestroyAt = _time.GetUtcNow() + Scaled(TimeSpan.FromSeconds(5));
            return DcAnswer.Ok(DcmanagerJson.Strategy(_strategy, iso: true));
        }
    }

    /// <summary>Takes a subcloud offline or back online (a test's or a rehearsal's fault).</summary>
    /// <param name="name">The subcloud.</param>
    /// <param name="online">Its new availability.</param>
    public bool SetAvailability(string name, bool online)
    {
        lock (_gate)
        {
            if (_subclouds.FirstOrDefault(s => s.Name == name) is not { } subcloud)
            {
                return false;
            }

            subcloud.Availability = online ? "online" : "offline";
            subcloud.UpdatedAt = _time.GetUtcNow();
            return true;
        }
    }

    /// <summary>Sets a subcloud's kube-rootca sync status, as an audit would (a test's or a rehearsal's change).</summary>
    /// <param name="name">The subcloud.</param>
    /// <param name="status">in-sync, out-of-sync or unknown.</param>
    public bool SetKubeRootcaSync(string name, string status)
    {
        lock (_gate)
        {
            if (_subclouds.FirstOrDefault(s => s.Name == name) is not { } subcloud)
            {
                return false;
            }

            subcloud.KubeRootcaSync = status;
            subcloud.UpdatedAt = _time.GetUtcNow();
            return true;
        }
    }

    private int AddGroup(string name)
    {
        _groups.Add(new FakeGroup(_groups.Count + 1, name, "parallel", 2));
        return _groups.Count;
    }

    private void SetState(FakeStrategy strategy, string state)
    {
        strategy.State = state;
        strategy.UpdatedAt = _time.GetUtcNow();
    }

    // At least a few milliseconds, so that every state is visible to a poll however fast the fake runs.
    private TimeSpan Scaled(TimeSpan duration) => TimeSpan.FromTicks(Math.Max((long)(duration.Ticks / _speed), TimeSpan.FromMilliseconds(20).Ticks));
}
