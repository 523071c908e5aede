using Planner.Diagnostics;
using Planner.Documents;
using static Planner.Documents.NodeReader;

namespace Planner.Operations.Kinds;

/// <summary>
/// <c>octavia.pki</c>: the OpenStack charms' Octavia PKI: issuing CA, controller CA, controller certificate
/// (signed by the controller CA) and controller bundle. RSA 2048 and 365 days by default (the deployment guide).
/// The CA key passphrase comes from an environment variable or a file, never from the plan.
/// </summary>
public sealed class PkiKind() : OperationKind("octavia.pki", needsCluster: false, withSchema: "pkiWith", selectSchema: "noTargets",
    actions: [GenerateAction])
{
    public const string GenerateAction = "generate";

    internal override void Expand(OperationContext context)
    {
        var with = context.Spec.With;
        context.Use("keyType", String(with, "keyType"), "rsa2048", "charm deployment guide");
        var validity = context.Use("validity", Duration(with, "validity"), TimeSpan.FromDays(365), "charm deployment guide", DurationText.Format);
        if (validity < TimeSpan.FromDays(1))
        {
            context.Diagnostics.Error(DiagnosticCodes.ImpossibleValue, with?["validity"]?.Location ?? context.Where,
                $"a validity of {DurationText.Format(validity)} leaves less than a day", "certificates need at least 24 hours of validity; 365d is the guide's choice");
        }

        var issuing = SubjectText(Map(Map(with, "issuingCa"), "subject"), "Octavia Issuing CA");
        var controller = SubjectText(Map(Map(with, "controllerCa"), "subject"), "Octavia Controller CA");
        context.Settings.Add(new Setting("issuingCa.subject", issuing, Map(with, "issuingCa") is null));
        context.Settings.Add(new Setting("controllerCa.subject", controller, Map(with, "controllerCa") is null));
        context.Settings.Add(new Setting("controllerCert.subject", SubjectText(Map(Map(with, "controllerCert"), "subject"), "Octavia Controller"), Map(with, "controllerCert") is null));
        if (issuing == controller)
        {
            context.Diagnostics.Error(DiagnosticCodes.ImpossibleValue, Map(with, "controllerCa")?.Location ?? context.Where,
                $"the issuing CA and the controller CA have the same subject ({issuing})",
                "Octavia needs two different CAs: give them different subjects");
        }

        var passphrase = Map(with, "passphrase");
        var source = String(passphrase, "env") is { } variable ? $"environment variable {variable}" : $"file {String(passphrase, "file")}";
        context.Settings.Add(new Setting("passphrase", source, false));
        var output = Map(with, "output");
        var outputs = new List<string>();
        if (String(output, "dir") is { } dir)
        {
            outputs.Add($"PEM files in {dir}");
        }

        if (Map(output, "juju") is { } juju)
        {
            outputs.Add($"juju config values for {String(juju, "application")} in {String(juju, "file") ?? "octavia-pki.yaml"}");
        }

        if (Map(output, "secret") is { } secret)
        {
            outputs.Add($"Kubernetes Secret {String(secret, "namespace") ?? "openstack"}/{String(secret, "name")}");
        }

        context.Settings.Add(new Setting("output", string.Join("; ", outputs), false));
        context.Use("overwrite", Bool(with, "overwrite"), false, "refuse to replace existing files");
        var timing = context.UseTiming(StepTiming.Once(TimeSpan.FromSeconds(15), TimeSpan.FromMinutes(5)), "mplan default");
        context.AddSingle(GenerateAction, timing, detail: "issuing CA, controller CA, controller certificate and bundle");
    }

    /// <summary>A subject in OpenSSL's one-line form, keys in the conventional order.</summary>
    internal static string SubjectText(YMapping? subject, string defaultCommonName)
    {
        if (subject is null)
        {
            return $"CN={defaultCommonName}";
        }

        string[] order = ["C", "ST", "L", "O", "OU", "CN"];
        return string.Join(",", order.Where(k => String(subject, k) is not null).Select(k => $"{k}={String(subject, k)}"));
    }
}
