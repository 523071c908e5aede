using System.Runtime.Versioning;

namespace Executor.Pki;

/// <summary>Makes the sinks an operation's <c>output</c> asks for, in a fixed order: PEM files, juju values, Secret.</summary>
[UnsupportedOSPlatform("windows")]
public static class PkiSinks
{
    /// <summary>The sinks for <paramref name="operation"/>; throws <see cref="PkiException"/> for an output not supported yet.</summary>
    public static IReadOnlyList<IPkiSink> For(PkiOperation operation)
    {
        var outputs = operation.Outputs;
        if (outputs.Secret is { } secret)
        {
            // The Kubernetes client comes in a later change; its sink will implement IPkiSink like the two below.
            throw new PkiException($"operation '{operation.Id}': writing the Kubernetes Secret {secret.Namespace}/{secret.Name} is not supported yet; " +
                "remove output.secret, or write PEM files (output.dir) and create the Secret from them");
        }

        var sinks = new List<IPkiSink>();
        if (outputs.Directory is { } directory)
        {
            sinks.Add(new PemDirectorySink(directory, operation.Overwrite));
        }

        if (outputs.Juju is { } juju)
        {
            sinks.Add(new JujuConfigSink(juju, operation.Request.Passphrase, operation.Overwrite));
        }

        return sinks;
    }
}
