using System.CommandLine;

namespace Cli.Commands;

/// <summary>
/// <c>mplan apply SAVED|PLAN</c>: runs a plan for real with a journal. A plan file is planned and shown first and
/// applied after confirmation; a saved plan is applied exactly as reviewed. <c>--resume JOURNAL</c> continues a run.
/// </summary>
internal static class ApplyCommand
{
    public static Command Create(CliContext context)
    {
        var plan = new Argument<string?>("PLAN") { Description = "A plan file, or a saved plan from mplan plan --out.", Arity = ArgumentArity.ZeroOrOne };
        var clusters = CommonOptions.Clusters();
        var journal = new Option<string?>("--journal") { Description = "The journal to write (default: mplan-<plan>-<time>.journal in the current directory).", HelpName = "FILE" };
        var resume = new Option<string?>("--resume") { Description = "Continue the run recorded in JOURNAL: finished steps are never repeated.", HelpName = "JOURNAL" };
        var autoApprove = new Option<bool>("--auto-approve") { Description = "Apply a plan file without asking for confirmation." };
        var format = new Option<string>("--format") { Description = "Progress as text (bars on a terminal, lines otherwise) or JSON Lines events.", DefaultValueFactory = _ => "text" };
        format.AcceptOnlyFromAmong("text", "json");
        var refresh = new Option<bool>("--refresh") { Description = "Re-plan against the live inventory when it no longer matches the saved plan." };
        var ignoreWindow = new Option<bool>("--ignore-window") { Description = "Start now and do not hold work for the plan's maintenance windows." };
        var cloud = new Option<string?>("--os-cloud") { Description = "The clouds.yaml entry to use (default: OS_CLOUD, then the OS_* variables).", HelpName = "NAME" };
        var kubeconfig = CommonOptions.Kubeconfig();
        var kubeContext = CommonOptions.KubeContext();
        var command = new Command("apply", "Apply a plan for real, with a crash-safe journal.")
        {
            plan, clusters, journal, resume, autoApprove, format, refresh, ignoreWindow, cloud, kubeconfig, kubeContext,
        };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var overrides = CommonOptions.ParseClusters(parseResult.GetValue(clusters), context.Error);
            if (overrides is null)
            {
                return ExitCodes.Failed;
            }

            var request = new ApplyRequest(
                parseResult.GetValue(plan),
                overrides,
                parseResult.GetValue(journal),
                parseResult.GetValue(resume),
                parseResult.GetValue(autoApprove),
                parseResult.GetValue(format) == "json",
                parseResult.GetValue(refresh),
                parseResult.GetValue(ignoreWindow),
                new Connections(parseResult.GetValue(cloud), parseResult.GetValue(kubeconfig), parseResult.GetValue(kubeContext)));
            return await new ApplySession(context, request).RunAsync(cancellationToken);
        });
        return command;
    }
}

/// <summary>What the operator asked <c>mplan apply</c> to do.</summary>
internal sealed record ApplyRequest(
    string? Plan,
    IReadOnlyDictionary<string, string> ClusterOverrides,
    string? Journal,
    string? Resume,
    bool AutoApprove,
    bool Json,
    bool Refresh,
    bool IgnoreWindows,
    Connections Connections);
