using System.Text;

namespace Executor.Shell;

/// <summary>
/// Keeps a command's output within a limit for the journal: the first part and the last part, with a line saying how
/// much was cut between them (the end of a failing command's output is usually what explains it). Thread-safe: stdout
/// and stderr append to it at once.
/// </summary>
internal sealed class BoundedOutput(int limit)
{
    private readonly Lock _gate = new();
    private readonly StringBuilder _head = new();
    private readonly Queue<string> _tail = new();
    private int _tailLength;
    private long _cut;

    public void Append(string line)
    {
        if (line.Length > limit / 2)
        {
            line = $"{line[..(limit / 2)]}[… line cut at {limit / 2} characters]";
        }

        lock (_gate)
        {
            if (_head.Length + line.Length + 1 <= limit / 4)
            {
                _head.Append(line).Append('\n');
                return;
            }

            _tail.Enqueue(line);
            _tailLength += line.Length + 1;
            while (_tailLength > limit - limit / 4 && _tail.Count > 0)
            {
                var dropped = _tail.Dequeue();
                _tailLength -= dropped.Length + 1;
                _cut += dropped.Length + 1;
            }
        }
    }

    public override string ToString()
    {
        lock (_gate)
        {
            var text = new StringBuilder().Append(_head);
            if (_cut > 0)
            {
                text.Append("[… ").Append(_cut).Append(" characters cut …]\n");
            }

            foreach (var line in _tail)
            {
                text.Append(line).Append('\n');
            }

            return text.ToString().TrimEnd('\n');
        }
    }
}
