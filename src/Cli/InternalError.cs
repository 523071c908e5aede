namespace Cli;

/// <summary>
/// The last resort for a bug: an exception no command handled becomes one line that says what broke and asks for a
/// report, and the stack trace only with <c>--debug</c>. Bad input must never get here; it is a diagnostic.
/// </summary>
internal static class InternalError
{
    public const string Prefix = "mplan: internal error: ";

    /// <summary>Writes the one line (and with <paramref name="debug"/> the exception in full) and returns the exit code.</summary>
    public static int Report(TextWriter error, Exception exception, bool debug)
    {
        error.WriteLine($"{Prefix}{exception.GetType().FullName}: {OneLine(exception.Message)} (please report it; run with --debug for the stack trace)");
        if (debug)
        {
            error.WriteLine(exception.ToString());
        }

        return ExitCodes.InternalError;
    }

    // A message may span lines or carry control characters (a path with a NUL); the headline stays one printable line.
    private static string OneLine(string message) =>
        string.Concat(message.ReplaceLineEndings(" ").Select(c => char.IsControl(c) ? '?' : c));
}
