using System.Text;

namespace Simulator.Fakes.Kubernetes;

/// <summary>The text each pod's containers have logged, served at <c>pods/{name}/log?container=</c>.</summary>
public sealed class PodLogs
{
    private readonly Lock _gate = new();
    private readonly Dictionary<(string Namespace, string Pod, string Container), StringBuilder> _logs = [];

    /// <summary>Appends <paramref name="text"/> to a container's log.</summary>
    /// <param name="ns">The pod's namespace.</param>
    /// <param name="pod">The pod's name.</param>
    /// <param name="container">The container's name.</param>
    /// <param name="text">What it logs (include the newlines).</param>
    public void Append(string ns, string pod, string container, string text)
    {
        lock (_gate)
        {
            if (!_logs.TryGetValue((ns, pod, container), out var log))
            {
                log = new StringBuilder();
                _logs[(ns, pod, container)] = log;
            }

            log.Append(text);
        }
    }

    /// <summary>A container's log so far ("" when it logged nothing).</summary>
    /// <param name="ns">The pod's namespace.</param>
    /// <param name="pod">The pod's name.</param>
    /// <param name="container">The container's name.</param>
    public string Read(string ns, string pod, string container)
    {
        lock (_gate)
        {
            return _logs.TryGetValue((ns, pod, container), out var log) ? log.ToString() : "";
        }
    }
}
