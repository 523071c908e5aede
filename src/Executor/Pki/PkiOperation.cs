namespace Executor.Pki;

/// <summary>
/// An <c>octavia.pki</c> operation ready to run: what to generate and where to write it. Owns the request's
/// passphrase: dispose it when done.
/// </summary>
public sealed class PkiOperation : IDisposable
{
    /// <summary>The operation's id in the plan.</summary>
    public required string Id { get; init; }

    /// <summary>What to generate.</summary>
    public required PkiRequest Request { get; init; }

    /// <summary>Where the passphrase came from, for messages ("environment variable X", "file Y"), never the passphrase.</summary>
    public required string PassphraseSource { get; init; }

    /// <summary>Where to write the set.</summary>
    public required PkiOutputs Outputs { get; init; }

    /// <summary>Replace existing files (the plan's <c>overwrite</c>, false by default).</summary>
    public required bool Overwrite { get; init; }

    /// <summary>Clears the passphrase.</summary>
    public void Dispose() => Request.Passphrase.Dispose();
}

/// <summary>The plan's <c>output</c>: any of a directory of PEM files, a juju values file, a Kubernetes Secret.</summary>
/// <param name="Directory">Where the PEM files go (relative paths are relative to the current directory).</param>
/// <param name="Juju">The juju values file and the application it configures.</param>
/// <param name="Secret">The Kubernetes Secret (not written yet: comes with the Kubernetes client).</param>
public sealed record PkiOutputs(string? Directory, JujuOutput? Juju, SecretOutput? Secret);

/// <summary>The charm's configuration values for <c>juju config APPLICATION --file FILE</c>.</summary>
public sealed record JujuOutput(string Application, string File);

/// <summary>A Kubernetes Secret in a namespace.</summary>
public sealed record SecretOutput(string Namespace, string Name);
