using System.Globalization;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json.Nodes;
using Planner.Model;
using static Simulator.Fakes.Kubernetes.ObjectShapes;

namespace Simulator.Fakes.Kubernetes;

/// <summary>
/// Fills the fake servers from a cluster file: nodes with role labels, zone and annotations; the OpenStackDeployment
/// and its status object; a NodeWorkloadLock per OpenStack node; the DaemonSets of <c>kubernetes.daemonSets</c> with
/// a Ready pod on every node whose roles match; and on the management cluster the Cluster object and one LCMMachine
/// per node (shapes in README.md).
/// </summary>
internal static class ClusterSeeder
{
    /// <summary>The node labels Rockoon reads as OpenStack roles (CONTRACTS §2.4), by the cluster file's role names.</summary>
    public static readonly IReadOnlyDictionary<string, string> RoleLabels = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["control-plane"] = "openstack-control-plane",
        ["compute"] = "openstack-compute-node",
        ["gateway"] = "openstack-gateway",
    };

    public const string AmphoraCaSecret = "generated-octavia-amphora-certs";

    public static void SeedMosk(ObjectStore store, ClusterInventory inventory, TimeProvider time)
    {
        var namespaces = new SortedSet<string>(StringComparer.Ordinal) { "default", "kube-system" };
        if (inventory.Deployment is { } deployment)
        {
            namespaces.Add(deployment.Namespace);
        }

        foreach (var daemonSet in inventory.Kubernetes.DaemonSets)
        {
            namespaces.Add(daemonSet.Namespace);
        }

        foreach (var ns in namespaces)
        {
            SeedNamespace(store, ns);
        }

        var index = 0;
        foreach (var node in inventory.Nodes)
        {
            store.Create(ResourceTypes.Nodes, null, Node(node, ++index, time.GetUtcNow()), system: true);
        }

        if (inventory.Deployment is { } osdpl)
        {
            SeedDeployment(store, osdpl, time.GetUtcNow());
            foreach (var node in inventory.Nodes.Where(n => n.Roles.Any(RoleLabels.ContainsKey)))
            {
                store.Create(ResourceTypes.NodeWorkloadLocks, null, NodeWorkloadLock(node.Name, osdpl.Release), system: true);
            }
        }

        foreach (var daemonSet in inventory.Kubernetes.DaemonSets)
        {
            SeedDaemonSet(store, daemonSet, inventory.Nodes, time.GetUtcNow());
        }
    }

    public static void SeedNamespace(ObjectStore store, string ns)
    {
        if (store.TryGet(ResourceTypes.Namespaces, null, ns) is null)
        {
            var obj = New(ResourceTypes.Namespaces, ns, labels: new JsonObject { ["kubernetes.io/metadata.name"] = ns });
            obj["spec"] = new JsonObject { ["finalizers"] = new JsonArray("kubernetes") };
            obj["status"] = new JsonObject { ["phase"] = "Active" };
            store.Create(ResourceTypes.Namespaces, null, obj, system: true);
        }
    }

    private static JsonObject Node(ClusterNode node, int index, DateTimeOffset now)
    {
        var labels = new JsonObject
        {
            ["kubernetes.io/hostname"] = node.Name,
            ["kubernetes.io/os"] = "linux",
            ["kubernetes.io/arch"] = "amd64",
            ["topology.kubernetes.io/zone"] = node.AvailabilityZone,
        };
        foreach (var role in node.Roles)
        {
            if (RoleLabels.TryGetValue(role, out var label))
            {
                labels[label] = "enabled";
            }
        }

        var annotations = new JsonObject();
        foreach (var (key, value) in node.Annotations)
        {
            annotations[key] = value;
        }

        var obj = New(ResourceTypes.Nodes, node.Name, labels: labels, annotations: annotations);
        obj["spec"] = new JsonObject();
        var address = $"10.0.{index / 250}.{(index % 250) + 1}";
        obj["status"] = new JsonObject
        {
            ["conditions"] = new JsonArray(Condition("Ready", "True", now, "KubeletReady", "kubelet is posting ready status")),
            ["addresses"] = new JsonArray(new JsonObject { ["type"] = "InternalIP", ["address"] = address }, new JsonObject { ["type"] = "Hostname", ["address"] = node.Name }),
            ["nodeInfo"] = new JsonObject { ["kubeletVersion"] = "v1.32.4", ["osImage"] = "Ubuntu 22.04.5 LTS", ["containerRuntimeVersion"] = "containerd://1.7.27" },
        };
        return obj;
    }

    private static void SeedDeployment(ObjectStore store, OpenStackDeployment osdpl, DateTimeOffset now)
    {
        var spec = new JsonObject { ["openstack_version"] = "antelope", ["preset"] = "compute", ["size"] = "small" };
        var env = new JsonObject();
        if (osdpl.FailoverWorkers is { } workers)
        {
            env["LB_FAILOVER_MAX_WORKERS"] = workers.ToString(CultureInfo.InvariantCulture);
        }

        if (osdpl.FailoverMaxFailedAllowed is { } allowed)
        {
            env["LB_FAILOVER_MAX_FAILED_ALLOWED"] = allowed.ToString(CultureInfo.InvariantCulture);
        }

        if (env.Count > 0)
        {
            Path(spec, "services", "load-balancer", "octavia", "values", "jobs", "lb_failover")["env"] = env;
        }

        var deployment = New(ResourceTypes.OpenStackDeployments, osdpl.Name, osdpl.Namespace);
        deployment["spec"] = spec;
        if (osdpl.AmphoraRotationId > 0)
        {
            Path(deployment, "status", "certificates", "octavia", "amphora")["rotation_id"] = osdpl.AmphoraRotationId;
        }

        deployment = store.Create(ResourceTypes.OpenStackDeployments, osdpl.Namespace, deployment, system: true);
        var status = New(ResourceTypes.OpenStackDeploymentStatus, osdpl.Name, osdpl.Namespace);
        ((JsonObject)status["metadata"]!)["ownerReferences"] = new JsonArray(OwnerReference(deployment));
        status["status"] = DeploymentStatus(osdpl, now);
        store.Create(ResourceTypes.OpenStackDeploymentStatus, osdpl.Namespace, status, system: true);
        store.Create(ResourceTypes.Secrets, osdpl.Namespace, AmphoraCa(osdpl.Namespace, now), system: true);
    }

    private static JsonObject DeploymentStatus(OpenStackDeployment osdpl, DateTimeOffset now)
    {
        var health = new JsonObject();
        foreach (var (key, value) in osdpl.Health)
        {
            var dot = key.IndexOf('/', StringComparison.Ordinal);
            var (application, component) = dot < 0 ? (key, key) : (key[..dot], key[(dot + 1)..]);
            Path(health, application)[component] = new JsonObject { ["status"] = value, ["generation"] = 1 };
        }

        var services = new JsonObject();
        foreach (var (application, _) in health)
        {
            services[ServiceOf(application)] = new JsonObject { ["state"] = "APPLIED", ["openstack_version"] = "antelope", ["timestamp"] = PythonUtc(now) };
        }

        var healthy = health.Count(app => ((JsonObject)app.Value!).All(c => c.Value?["status"]?.GetValue<string>() == "Ready"));
        var summary = new JsonObject
        {
            ["state"] = osdpl.State,
            ["openstack_version"] = "antelope",
            ["controller_version"] = "1.1.4",
            ["cause"] = "resume",
            ["timestamp"] = PythonUtc(now),
            ["health"] = $"{healthy}/{health.Count}",
            ["lcm_progress"] = $"{services.Count}/{services.Count}",
        };
        if (osdpl.Release is { } release)
        {
            summary["release"] = release;
        }

        return new JsonObject { ["osdpl"] = summary, ["services"] = services, ["health"] = health };
    }

    // Rockoon keys status.services by service, status.health by application (CONTRACTS §2.2).
    private static string ServiceOf(string application) => application switch
    {
        "octavia" => "load-balancer",
        "nova" => "compute",
        "neutron" => "networking",
        "keystone" => "identity",
        "glance" => "image",
        "cinder" => "block-storage",
        "heat" => "orchestration",
        "horizon" => "dashboard",
        "barbican" => "key-manager",
        "designate" => "dns",
        _ => application,
    };

    /// <summary>Secret <c>generated-octavia-amphora-certs</c>: a new self-signed amphora CA (RSA 2048, 10 years), as Rockoon makes it.</summary>
    public static JsonObject AmphoraCa(string ns, DateTimeOffset now)
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=octavia-amphora-ca", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        using var ca = request.CreateSelfSigned(now, now.AddYears(10));
        string B64(string pem) => Convert.ToBase64String(Encoding.ASCII.GetBytes(pem));
        var secret = New(ResourceTypes.Secrets, AmphoraCaSecret, ns);
        secret["type"] = "Opaque";
        secret["data"] = new JsonObject { ["ca.crt"] = B64(ca.ExportCertificatePem()), ["ca.key"] = B64(key.ExportPkcs8PrivateKeyPem()) };
        return secret;
    }

    public static JsonObject NodeWorkloadLock(string node, string? release)
    {
        var nwl = New(ResourceTypes.NodeWorkloadLocks, $"openstack-{node}", annotations: new JsonObject { ["inner_state"] = "inactive" });
        ((JsonObject)nwl["metadata"]!)["finalizers"] = new JsonArray(RockoonFinalizer);
        nwl["spec"] = new JsonObject { ["nodeName"] = node, ["controllerName"] = "openstack", ["nodeDeletionRequestSupported"] = true };
        var status = new JsonObject { ["state"] = "active" };
        if (release is not null)
        {
            status["release"] = release;
        }

        nwl["status"] = status;
        return nwl;
    }

    private static void SeedDaemonSet(ObjectStore store, DaemonSetSpec spec, IEnumerable<ClusterNode> nodes, DateTimeOffset now)
    {
        var labels = new JsonObject { ["app"] = spec.Name };
        var ds = New(ResourceTypes.DaemonSets, spec.Name, spec.Namespace, labels: (JsonObject)labels.DeepClone());
        if (spec.Roles.Length > 0)
        {
            Annotations(ds)["mplan.fake/roles"] = string.Join(',', spec.Roles);
        }

        var strategy = new JsonObject { ["type"] = spec.UpdateStrategy };
        if (spec.UpdateStrategy == "RollingUpdate")
        {
            strategy["rollingUpdate"] = new JsonObject { ["maxUnavailable"] = 1, ["maxSurge"] = 0 };
        }

        ds["spec"] = new JsonObject
        {
            ["selector"] = new JsonObject { ["matchLabels"] = labels.DeepClone() },
            ["template"] = new JsonObject
            {
                ["metadata"] = new JsonObject { ["labels"] = labels.DeepClone() },
                ["spec"] = new JsonObject { ["containers"] = new JsonArray(new JsonObject { ["name"] = spec.Name, ["image"] = $"mirantis.azurecr.io/fake/{spec.Name}:1" }) },
            },
            ["updateStrategy"] = strategy,
        };
        ds["status"] = new JsonObject();
        ds = store.Create(ResourceTypes.DaemonSets, spec.Namespace, ds, system: true);
        foreach (var node in nodes.Where(n => spec.Roles.Length == 0 || n.Roles.Any(spec.Roles.Contains)))
        {
            DaemonSetPods.Create(store, ds, node.Name, ready: true, now);
        }

        DaemonSetPods.RefreshStatus(store, spec.Namespace, spec.Name);
    }

    public static void SeedManagement(ObjectStore store, ClusterInventory inventory)
    {
        var settings = inventory.Kubernetes;
        var ns = settings.ManagementNamespace;
        SeedNamespace(store, "default");
        SeedNamespace(store, ns);
        var clusterName = settings.ClusterObject ?? inventory.Name;
        var value = new JsonObject { ["apiVersion"] = "kaas.mirantis.com/v1alpha1", ["kind"] = "ClusterSpec" };
        if (settings.ClusterRelease is { } release)
        {
            value["release"] = release;
        }

        var cluster = New(ResourceTypes.Clusters, clusterName, ns);
        cluster["spec"] = new JsonObject { ["providerSpec"] = new JsonObject { ["value"] = value } };
        cluster["status"] = new JsonObject { ["providerStatus"] = new JsonObject { ["ready"] = true } };
        store.Create(ResourceTypes.Clusters, ns, cluster, system: true);

        var state = New(ResourceTypes.LcmClusterStates, $"{clusterName}-release", ns, labels: new JsonObject { ["cluster.sigs.k8s.io/cluster-name"] = clusterName });
        state["spec"] = new JsonObject { ["clusterName"] = clusterName, ["type"] = "release", ["value"] = settings.ClusterRelease ?? "" };
        state["status"] = new JsonObject { ["value"] = settings.ClusterRelease ?? "", ["attempt"] = 0 };
        store.Create(ResourceTypes.LcmClusterStates, ns, state, system: true);

        foreach (var node in inventory.Nodes)
        {
            var machine = New(ResourceTypes.LcmMachines, node.Name, ns, labels: new JsonObject { ["cluster.sigs.k8s.io/cluster-name"] = clusterName });
            machine["spec"] = new JsonObject { ["clusterName"] = clusterName, ["type"] = node.IsControlPlane ? "control" : "worker" };
            var status = new JsonObject { ["state"] = "Ready", ["hostname"] = node.Name };
            if (settings.ClusterRelease is { } current)
            {
                status["release"] = current;
            }

            machine["status"] = status;
            store.Create(ResourceTypes.LcmMachines, ns, machine, system: true);
        }
    }
}
