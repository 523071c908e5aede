using System.Buffers;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Planner.Model;

namespace Simulator.Clusters;

/// <summary>
/// Writes a cluster file as JSON with one object per line: the loader's fast path for large inventories, and
/// still readable with grep. Each object is written by a <see cref="Utf8JsonWriter"/> (escaping included); the
/// lines and brackets between them are written here. Output is buffered and handed to the stream in 64 KiB pieces.
/// </summary>
internal sealed class JsonClusterWriter : IClusterWriter
{
    private const int FlushThreshold = 1 << 16;
    private readonly Stream _output;
    private readonly ArrayBufferWriter<byte> _buffer = new(FlushThreshold * 2);
    private readonly Utf8JsonWriter _json;
    private int _items;

    public JsonClusterWriter(Stream output)
    {
        _output = output;
        _json = new Utf8JsonWriter(_buffer, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
    }

    public void WriteHeader(string name, string region, string description, string generatedBy)
    {
        Raw("{\n  \"apiVersion\": \"mplan/v1\",\n  \"kind\": \"Cluster\",\n  \"metadata\": ");
        Value(json =>
        {
            json.WriteStartObject();
            json.WriteString("name", name);
            json.WriteString("region", region);
            json.WriteString("description", description);
            json.WriteString("generatedBy", generatedBy);
            json.WriteEndObject();
        });
    }

    public void WriteDeployment(OpenStackDeployment deployment)
    {
        Raw(",\n  \"openstackDeployment\": ");
        Value(json =>
        {
            json.WriteStartObject();
            json.WriteString("name", deployment.Name);
            json.WriteString("namespace", deployment.Namespace);
            json.WriteString("state", deployment.State);
            json.WriteNumber("amphoraRotationId", deployment.AmphoraRotationId);
            json.WriteStartObject("health");
            foreach (var application in ClusterText.HealthByApplication(deployment))
            {
                json.WriteStartObject(application.Key);
                foreach (var (component, status) in application)
                {
                    json.WriteString(component, status);
                }

                json.WriteEndObject();
            }

            json.WriteEndObject();
            json.WriteEndObject();
        });
    }

    public void BeginList(string key)
    {
        Raw($",\n  \"{key}\": [");
        _items = 0;
    }

    public void WriteLoadBalancer(LoadBalancer loadBalancer)
    {
        Item();
        Value(json =>
        {
            json.WriteStartObject();
            json.WriteString("id", loadBalancer.Id);
            json.WriteString("name", loadBalancer.Name);
            json.WriteString("project", loadBalancer.Project);
            json.WriteString("provider", loadBalancer.Provider);
            json.WriteString("provisioningStatus", loadBalancer.ProvisioningStatus);
            json.WriteString("operatingStatus", loadBalancer.OperatingStatus);
            if (loadBalancer.Amphorae.Length > 0)
            {
                json.WriteStartArray("amphorae");
                foreach (var amphora in loadBalancer.Amphorae)
                {
                    json.WriteStartObject();
                    json.WriteString("id", amphora.Id);
                    json.WriteString("role", amphora.Role);
                    json.WriteString("status", amphora.Status);
                    if (amphora.CertExpiration is not null)
                    {
                        json.WriteString("certExpiration", ClusterText.Time(amphora.CertExpiration));
                    }

                    json.WriteEndObject();
                }

                json.WriteEndArray();
            }

            json.WriteEndObject();
        });
    }

    public void WriteNode(ClusterNode node)
    {
        Item();
        Value(json =>
        {
            json.WriteStartObject();
            json.WriteString("name", node.Name);
            json.WriteStartArray("roles");
            foreach (var role in node.Roles)
            {
                json.WriteStringValue(role);
            }

            json.WriteEndArray();
            json.WriteString("availabilityZone", node.AvailabilityZone);
            if (!node.Instances.IsDefaultOrEmpty)
            {
                json.WriteStartArray("instances");
                foreach (var instance in node.Instances)
                {
                    json.WriteStartObject();
                    json.WriteString("id", instance.Id);
                    json.WriteString("name", instance.Name);
                    json.WriteString("status", instance.Status);
                    if (instance.MaintenanceAction is { } action)
                    {
                        json.WriteString("maintenanceAction", action);
                    }

                    json.WriteEndObject();
                }

                json.WriteEndArray();
            }
            else if (ClusterText.HasInstances(node))
            {
                json.WriteNumber("instances", node.InstanceCount);
            }

            if (node.Annotations.Count > 0)
            {
                json.WriteStartObject("annotations");
                foreach (var (key, value) in node.Annotations)
                {
                    json.WriteString(key, value);
                }

                json.WriteEndObject();
            }

            json.WriteEndObject();
        });
    }

    public void WriteSubcloudGroup(SubcloudGroup group)
    {
        Item();
        Value(json =>
        {
            json.WriteStartObject();
            json.WriteString("name", group.Name);
            json.WriteString("applyType", group.ApplyType);
            json.WriteNumber("maxParallelSubclouds", group.MaxParallelSubclouds);
            json.WriteEndObject();
        });
    }

    public void WriteSubcloud(Subcloud subcloud)
    {
        Item();
        Value(json =>
        {
            json.WriteStartObject();
            json.WriteString("name", subcloud.Name);
            json.WriteString("group", subcloud.Group);
            json.WriteString("availability", subcloud.Availability);
            json.WriteString("management", subcloud.Management);
            json.WriteString("kubeRootcaSync", subcloud.KubeRootcaSync);
            if (subcloud.RootCaExpiry is not null)
            {
                json.WriteString("rootCaExpiry", ClusterText.Time(subcloud.RootCaExpiry));
            }

            json.WriteEndObject();
        });
    }

    public void EndList() => Raw(_items == 0 ? "]" : "\n  ]");

    public void Finish()
    {
        Raw("\n}\n");
        _output.Write(_buffer.WrittenSpan);
        _buffer.ResetWrittenCount();
        _output.Flush();
    }

    public void Dispose() => _json.Dispose();

    private void Item() => Raw(_items++ == 0 ? "\n    " : ",\n    ");

    // Each object is a complete JSON value of its own: reset the writer, write it, and flush it into the buffer.
    private void Value(Action<Utf8JsonWriter> write)
    {
        _json.Reset(_buffer);
        write(_json);
        _json.Flush();
        if (_buffer.WrittenCount >= FlushThreshold)
        {
            _output.Write(_buffer.WrittenSpan);
            _buffer.ResetWrittenCount();
        }
    }

    private void Raw(string text)
    {
        var span = _buffer.GetSpan(Encoding.UTF8.GetMaxByteCount(text.Length));
        _buffer.Advance(Encoding.UTF8.GetBytes(text, span));
    }
}
