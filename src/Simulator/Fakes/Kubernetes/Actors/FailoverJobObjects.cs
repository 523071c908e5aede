using System.Text.Json.Nodes;
using static Simulator.Fakes.Kubernetes.ObjectShapes;

namespace Simulator.Fakes.Kubernetes.Actors;

/// <summary>The objects of Rockoon's <c>octavia-loadbalancers-failover</c> Job (CONTRACTS §2.3): the Job, its Pod and the state ConfigMap.</summary>
internal static class FailoverJobObjects
{
    public const string JobName = "octavia-loadbalancers-failover";
    public const string Container = "octavia-loadbalancers-failover";
    public const string StateConfigMap = "octavia-loadbalancers-failover-state";
    public const string StateNamespace = "openstack";   // hard-coded in the script

    public static JsonObject Job(string ns, JsonObject env, DateTimeOffset now)
    {
        var labels = new JsonObject { ["application"] = "octavia", ["component"] = "lb_failover" };
        var job = New(ResourceTypes.Jobs, JobName, ns, labels: (JsonObject)labels.DeepClone());
        job["spec"] = new JsonObject
        {
            ["backoffLimit"] = 0,
            ["completions"] = 1,
            ["parallelism"] = 1,
            ["template"] = new JsonObject
            {
                ["metadata"] = new JsonObject { ["labels"] = labels },
                ["spec"] = PodSpec(env),
            },
        };
        job["status"] = new JsonObject { ["active"] = 1, ["ready"] = 0, ["startTime"] = Time(now) };
        return job;
    }

    private static JsonObject PodSpec(JsonObject env)
    {
        var variables = new JsonArray();
        foreach (var (name, value) in env)
        {
            variables.Add((JsonNode)new JsonObject { ["name"] = name, ["value"] = value?.ToString() });
        }

        return new JsonObject
        {
            ["restartPolicy"] = "Never",
            ["serviceAccountName"] = JobName,
            ["securityContext"] = new JsonObject { ["sysctls"] = new JsonArray(new JsonObject { ["name"] = "net.ipv4.ping_group_range", ["value"] = "42424 42424" }) },
            ["containers"] = new JsonArray(new JsonObject
            {
                ["name"] = Container,
                ["image"] = "mirantis.azurecr.io/openstack/octavia:antelope",
                ["command"] = new JsonArray("/tmp/octavia-loadbalancers-failover.py"),
                ["env"] = variables,
            }),
        };
    }

    public static JsonObject Pod(ObjectStore store, JsonObject job, DateTimeOffset now)
    {
        var uid = Uid(job);
        var labels = (JsonObject)job["spec"]!["template"]!["metadata"]!["labels"]!.DeepClone();
        labels["job-name"] = JobName;
        labels["batch.kubernetes.io/job-name"] = JobName;
        labels["controller-uid"] = uid;
        labels["batch.kubernetes.io/controller-uid"] = uid;
        var pod = New(ResourceTypes.Pods, $"{JobName}-{store.NameSuffix()}", Namespace(job), labels: labels);
        ((JsonObject)pod["metadata"]!)["ownerReferences"] = new JsonArray(OwnerReference(job));
        var spec = (JsonObject)job["spec"]!["template"]!["spec"]!.DeepClone();
        spec["nodeName"] = "ctl-01";
        pod["spec"] = spec;
        pod["status"] = DaemonSetPods.PodStatus(spec, ready: true, now);
        return pod;
    }

    /// <summary>The pod's status once its container exited.</summary>
    /// <param name="spec">The pod's spec.</param>
    /// <param name="succeeded">Exit 0 (Succeeded) or 1 (Failed).</param>
    /// <param name="now">When.</param>
    public static JsonObject Terminated(JsonObject spec, bool succeeded, DateTimeOffset now)
    {
        var status = DaemonSetPods.PodStatus(spec, ready: false, now);
        status["phase"] = succeeded ? "Succeeded" : "Failed";
        foreach (var container in status["containerStatuses"]!.AsArray())
        {
            container!["started"] = false;
            container["state"] = new JsonObject
            {
                ["terminated"] = new JsonObject
                {
                    ["exitCode"] = succeeded ? 0 : 1,
                    ["reason"] = succeeded ? "Completed" : "Error",
                    ["finishedAt"] = Time(now),
                },
            };
        }

        return status;
    }

    /// <summary>The Job's status once its pod ended: Complete, or Failed (backoffLimit 0).</summary>
    /// <param name="started">The Job's startTime.</param>
    /// <param name="succeeded">Whether the pod succeeded.</param>
    /// <param name="now">When.</param>
    public static JsonObject Finished(JsonNode? started, bool succeeded, DateTimeOffset now)
    {
        var status = new JsonObject { ["startTime"] = started?.DeepClone(), ["ready"] = 0 };
        if (succeeded)
        {
            status["succeeded"] = 1;
            status["completionTime"] = Time(now);
            status["conditions"] = new JsonArray(Condition("Complete", "True", now));
        }
        else
        {
            status["failed"] = 1;
            status["conditions"] = new JsonArray(Condition("Failed", "True", now, "BackoffLimitExceeded", "Job has reached the specified backoff limit"));
        }

        return status;
    }
}
