using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json.Nodes;
using Planner.Model;
using Simulator.Behaviour;
using static Simulator.Fakes.Kubernetes.ObjectShapes;

namespace Simulator.Fakes.Kubernetes.Actors;

/// <summary>
/// Rockoon's certificate rotation (CONTRACTS §2.3): a change of an osdpl's <c>status.certificates</c> sets the osdplst
/// APPLYING, replaces the amphora CA Secret, sleeps 60 s, purges and re-creates the failover Job, which fails the
/// load balancers over with LB_FAILOVER_MAX_WORKERS workers and logs its statistics; a crashed Job makes Rockoon
/// start over with another CA; the osdplst then ends APPLIED (or as the behaviour says).
/// </summary>
internal sealed class RotationActor : StoreActor
{
    private static readonly TimeSpan SettleSleep = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan KopfRetryDelay = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan JobPollInterval = TimeSpan.FromSeconds(10);
    private const string FailoverKind = "octavia.loadbalancer-failover";

    private readonly ClusterInventory _inventory;
    private readonly FakeBehaviour _behaviour;
    private readonly PodLogs _logs;
    private readonly Lock _stateMapGate = new();
    private int _jobsRun;

    public RotationActor(ObjectStore store, ActorClock clock, ConcurrentQueue<Exception> errors, ClusterInventory inventory, FakeBehaviour behaviour, PodLogs logs)
        : base(store, clock, errors)
    {
        _inventory = inventory;
        _behaviour = behaviour;
        _logs = logs;
    }

    protected override void OnChange(WatchEvent change)
    {
        if (change.Resource != ResourceTypes.OpenStackDeployments || change.Type != WatchEvent.Modified
            || JsonNode.DeepEquals(change.Previous?["status"]?["certificates"], change.Object["status"]?["certificates"]))
        {
            return;
        }

        var (ns, name) = (Namespace(change.Object)!, Name(change.Object));
        SetState(ns, name, "APPLYING", "update", $"((('change', ('status', 'certificates'), {Python(change.Previous?["status"]?["certificates"])}, {Python(change.Object["status"]?["certificates"])}),)");
        Spawn(token => RotateAsync(ns, name, token));
    }

    private async Task RotateAsync(string ns, string name, CancellationToken token)
    {
        while (true)
        {
            Store.Update(ResourceTypes.Secrets, ns, ClusterSeeder.AmphoraCaSecret, s => s["data"] = ClusterSeeder.AmphoraCa(ns, Clock.Now)["data"]!.DeepClone());
            await Clock.DelayAsync(SettleSleep, token);
            await PurgeJobAsync(ns, token);
            var crash = Interlocked.Increment(ref _jobsRun) <= _behaviour.FailoverJobCrashes;
            var succeeded = await RunJobAsync(ns, name, crash, token);
            if (succeeded)
            {
                break;
            }

            // kopf.TemporaryError: the whole handler runs again after its backoff, with a new CA.
            await Clock.DelayAsync(KopfRetryDelay, token);
            SetState(ns, name, "APPLYING", "update", null);
        }

        await Clock.DelayAsync(TimeSpan.FromSeconds(30), token);   // the other services' apply
        switch (_behaviour.RotationOutcome)
        {
            case RotationOutcome.Applied:
                SetState(ns, name, "APPLIED", "update", null);
                break;
            case RotationOutcome.Failed:
                SetState(ns, name, "FAILED", "Loadbalancer failover job did not complete susccessfully after certificate rotation.", null);
                break;
        }
    }

    private async Task PurgeJobAsync(string ns, CancellationToken token)
    {
        if (Store.TryGet(ResourceTypes.Jobs, ns, FailoverJobObjects.JobName) is null)
        {
            return;
        }

        Store.Delete(ResourceTypes.Jobs, ns, FailoverJobObjects.JobName, system: true);
        while (Store.TryGet(ResourceTypes.Jobs, ns, FailoverJobObjects.JobName) is not null)
        {
            await Clock.DelayAsync(JobPollInterval, token);
        }
    }

    private async Task<bool> RunJobAsync(string ns, string name, bool crash, CancellationToken token)
    {
        var env = JobEnvironment(ns, name);
        var job = Store.Create(ResourceTypes.Jobs, ns, FailoverJobObjects.Job(ns, env, Clock.Now), system: true);
        var pod = Store.Create(ResourceTypes.Pods, ns, FailoverJobObjects.Pod(Store, job, Clock.Now), system: true);
        var podName = Name(pod);
        Store.Update(ResourceTypes.Jobs, ns, FailoverJobObjects.JobName, j => j["status"]!["ready"] = 1);
        bool succeeded;
        if (crash)
        {
            await Clock.DelayAsync(TimeSpan.FromSeconds(20), token);   // three pings of the health managers
            Log(ns, podName, FailoverStatistics.Line(Clock.Now, "ERROR", "Cannot connect to octavia health managers. Likely network issue on this node."));
            succeeded = false;
        }
        else
        {
            var statistics = await FailOverAsync(env, token);
            Log(ns, podName, statistics.Render(Clock.Now));
            succeeded = true;
        }

        Store.Update(ResourceTypes.Pods, ns, podName, p => p["status"] = FailoverJobObjects.Terminated((JsonObject)p["spec"]!, succeeded, Clock.Now));
        Store.Update(ResourceTypes.Jobs, ns, FailoverJobObjects.JobName, j => j["status"] = FailoverJobObjects.Finished(j["status"]?["startTime"], succeeded, Clock.Now));
        await Clock.DelayAsync(JobPollInterval, token);                // wait_completed notices on its next poll
        return succeeded;
    }

    private JsonObject JobEnvironment(string ns, string name)
    {
        var env = new JsonObject
        {
            ["LB_FAILOVER_MAX_WORKERS"] = OpenStackDeployment.DefaultFailoverWorkers.ToString(CultureInfo.InvariantCulture),
            ["LB_FAILOVER_LOG_LEVEL"] = "debug",
            ["LB_FAILOVER_AMPHORA_AGENT_PORT"] = "9443",
            ["LB_FAILOVER_RETRY_DELAY"] = "5",
            ["LB_FAILOVER_RETRY_ATTEMPTS"] = "7",
            ["LB_FAILOVER_RETRY_BACKOFF"] = "3",
        };
        var overrides = Store.TryGet(ResourceTypes.OpenStackDeployments, ns, name)?["spec"]?["services"]?["load-balancer"]?["octavia"]?["values"]?["jobs"]?["lb_failover"]?["env"] as JsonObject;
        foreach (var (key, value) in overrides ?? [])
        {
            env[key] = value?.ToString();
        }

        return env;
    }

    private async Task<FailoverStatistics> FailOverAsync(JsonObject env, CancellationToken token)
    {
        var workers = Math.Max(1, Number(env, "LB_FAILOVER_MAX_WORKERS", OpenStackDeployment.DefaultFailoverWorkers));
        var maxFailed = Number(env, "LB_FAILOVER_MAX_FAILED_ALLOWED", OpenStackDeployment.DefaultFailoverMaxFailedAllowed);
        var statistics = new FailoverStatistics();
        var failed = new List<string>();
        WriteFailed(failed);
        var queue = new ConcurrentQueue<LoadBalancer>(_inventory.LoadBalancers);
        async Task WorkAsync()
        {
            while (queue.TryDequeue(out var lb))
            {
                // The script's workers wait while more than LB_FAILOVER_MAX_FAILED_ALLOWED LBs are recorded as failed;
                // nothing recovers them in the fake, so the Job then hangs, as the real one can.
                while (Count(failed) > maxFailed)
                {
                    await Clock.DelayAsync(TimeSpan.FromSeconds(30), token);
                }

                var result = await FailOverOneAsync(lb, token);
                statistics.Add(result, lb.Id);
                if (result == "FAILED")
                {
                    lock (failed)
                    {
                        failed.Add(lb.Id);
                    }

                    WriteFailed(failed);
                }
            }
        }

        await Task.WhenAll(Enumerable.Range(0, workers).Select(_ => Task.Run(WorkAsync, token)));
        return statistics;
    }

    // One LB as handle_lb_failover treats it: ERROR, or amphora/amphorav2 with amphorae (their certificates are
    // signed by the old CA), are failed over; the rest are SKIPPED. do_lb_failover is retried 7 times, 5 s apart
    // growing by 3; a failure ends FAILED when the LB was ACTIVE, else RECOVERY_FAILED.
    private async Task<string> FailOverOneAsync(LoadBalancer lb, CancellationToken token)
    {
        var target = _behaviour.Target(lb.Id, lb.Name);
        var original = target?.StartsInError == true ? "ERROR" : lb.ProvisioningStatus;
        await Clock.DelayAsync(TimeSpan.FromSeconds(1), token);
        if (target?.Fault == TargetFault.Deleted)
        {
            return "CANCELLED";
        }

        var needed = original == "ERROR" || (lb.Provider is "amphora" or "amphorav2" && lb.Amphorae.Length > 0);
        if (!needed)
        {
            return "SKIPPED";
        }

        var probability = _behaviour.FailureProbability(FailoverKind, target);
        const int attempts = 7;
        for (var attempt = 1; attempt <= attempts; attempt++)
        {
            var random = _behaviour.Random(lb.Id, attempt);
            var duration = _behaviour.Duration(FailoverKind, target, TimeSpan.FromSeconds(75), ref random);
            var fails = target?.Fault is TargetFault.Fails or TargetFault.Stuck || original.StartsWith("PENDING_", StringComparison.Ordinal)
                || random.NextDouble() < probability;
            if (target?.Fault == TargetFault.Stuck)
            {
                duration = TimeSpan.FromSeconds(15 + 300);              // the script's poll gives up after 300 s
            }
            else if (original.StartsWith("PENDING_", StringComparison.Ordinal))
            {
                duration = TimeSpan.FromSeconds(1);                     // Octavia answers 409 at once
            }

            await Clock.DelayAsync(duration, token);
            if (!fails)
            {
                return "SUCCESS";
            }

            if (attempt < attempts)
            {
                await Clock.DelayAsync(TimeSpan.FromSeconds(5 * Math.Pow(3, attempt - 1)), token);
            }
        }

        return original == "ACTIVE" ? "FAILED" : "RECOVERY_FAILED";
    }

    private void WriteFailed(List<string> failed)
    {
        List<string> ids;
        lock (failed)
        {
            ids = [.. failed];
        }

        var data = new JsonObject { ["failed_loadbalancers"] = FailoverStatistics.YamlList(null, ids) };
        lock (_stateMapGate)
        {
            if (Store.TryGet(ResourceTypes.ConfigMaps, FailoverJobObjects.StateNamespace, FailoverJobObjects.StateConfigMap) is null)
            {
                ClusterSeeder.SeedNamespace(Store, FailoverJobObjects.StateNamespace);
                var map = New(ResourceTypes.ConfigMaps, FailoverJobObjects.StateConfigMap, FailoverJobObjects.StateNamespace);
                map["data"] = data;
                Store.Create(ResourceTypes.ConfigMaps, FailoverJobObjects.StateNamespace, map, system: true);
            }
            else
            {
                Store.Update(ResourceTypes.ConfigMaps, FailoverJobObjects.StateNamespace, FailoverJobObjects.StateConfigMap, m => m["data"] = data);
            }
        }
    }

    private static int Count(List<string> failed)
    {
        lock (failed)
        {
            return failed.Count;
        }
    }

    private void Log(string ns, string pod, string text) => _logs.Append(ns, pod, FailoverJobObjects.Container, text);

    private static int Number(JsonObject env, string key, int fallback) =>
        int.TryParse(env[key]?.ToString(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) ? value : fallback;

    private void SetState(string ns, string name, string state, string cause, string? changes)
    {
        if (Store.TryGet(ResourceTypes.OpenStackDeploymentStatus, ns, name) is null)
        {
            return;
        }

        Store.Update(ResourceTypes.OpenStackDeploymentStatus, ns, name, o =>
        {
            var osdpl = Path(o, "status", "osdpl");
            osdpl["state"] = state;
            osdpl["cause"] = cause;
            osdpl["timestamp"] = PythonUtc(Clock.Now);
            if (changes is not null)
            {
                osdpl["changes"] = changes;
            }

            // The load-balancer service is re-applied: it counts as not done while the rotation runs.
            var services = Path(o, "status", "services");
            if (services["load-balancer"] is JsonObject lb)
            {
                lb["state"] = state == "APPLYING" ? "APPLYING" : "APPLIED";
                lb["timestamp"] = PythonUtc(Clock.Now);
            }

            var done = services.Count(s => s.Value?["state"]?.GetValue<string>() == "APPLIED");
            osdpl["lcm_progress"] = $"{done}/{services.Count}";
        });
    }

    // Python's repr of a small JSON value, for the osdplst's "changes" (str() of kopf's diff).
    private static string Python(JsonNode? node) => node switch
    {
        null => "None",
        JsonObject o => "{" + string.Join(", ", o.Select(p => $"'{p.Key}': {Python(p.Value)}")) + "}",
        JsonArray a => "[" + string.Join(", ", a.Select(Python)) + "]",
        JsonValue v when v.TryGetValue<string>(out var s) => $"'{s}'",
        _ => node.ToJsonString(),
    };
}
