using System.Text.Json;
using Planner.Documents;
using Simulator.Behaviour;

namespace Cli.Views;

/// <summary>The <c>behaviour_files</c> array of the JSON outputs: which behaviour file each cluster used and how old its data is.</summary>
internal static class BehaviourJson
{
    public static void Write(Utf8JsonWriter json, IReadOnlyDictionary<string, BehaviourFile> files, DateTimeOffset windowStart)
    {
        json.WriteStartArray("behaviour_files");
        foreach (var (cluster, file) in files.OrderBy(f => f.Key, StringComparer.Ordinal))
        {
            json.WriteStartObject();
            json.WriteString("cluster", cluster);
            json.WriteString("file", file.Path);
            if (file.Calibration is not { } c)
            {
                json.WriteNull("calibration");
            }
            else
            {
                json.WriteStartObject("calibration");
                json.WriteStartArray("journals");
                foreach (var journal in c.Journals)
                {
                    json.WriteStringValue(journal);
                }

                json.WriteEndArray();
                if (c.Cluster is { } only)
                {
                    json.WriteString("cluster", only);
                }

                json.WriteString("data_from", TimeText.Format(c.DataFrom));
                json.WriteString("data_to", TimeText.Format(c.DataTo));
                json.WriteNumber("attempts", c.Attempts);
                json.WriteNumber("data_age_seconds", Math.Round((windowStart - c.DataTo).TotalSeconds, 3));
                json.WriteEndObject();
            }

            json.WriteEndObject();
        }

        json.WriteEndArray();
    }
}
