namespace Executor.Pki;

/// <summary>
/// Somewhere a generated <see cref="PkiSet"/> goes: PEM files, the juju values file, and later a Kubernetes Secret.
/// Every sink is checked (<see cref="Check"/>) before any writes, so a refusal leaves everything as it was.
/// </summary>
public interface IPkiSink
{
    /// <summary>What the sink writes, for people ("PEM files in ./octavia-pki").</summary>
    string Description { get; }

    /// <summary>Every place the sink writes (file paths, <c>secret/NAMESPACE/NAME</c>), to catch two outputs that collide.</summary>
    IReadOnlyList<string> Targets { get; }

    /// <summary>Why writing would be refused (an existing file without overwrite); empty when it can go ahead. Writes nothing.</summary>
    IReadOnlyList<string> Check();

    /// <summary>Writes the set and says what it wrote; throws <see cref="PkiException"/> on failure.</summary>
    PkiSinkResult Write(PkiSet set);
}

/// <summary>What a sink wrote and what the operator does next. Holds no secret.</summary>
/// <param name="Written">Each file (or object) written.</param>
/// <param name="NextSteps">Commands for the operator, e.g. the <c>juju config</c> line (never with a secret in it).</param>
public sealed record PkiSinkResult(IReadOnlyList<PkiWritten> Written, IReadOnlyList<string> NextSteps);

/// <summary>One thing written: where, what it holds, and its file mode (e.g. <c>0600</c>; empty when not a file).</summary>
public sealed record PkiWritten(string Location, string Content, string Mode, bool Secret);
