namespace Cli;

/// <summary>Ctrl-C for long commands: the command decides what each press means; the process is not killed.</summary>
internal static class ConsoleInterrupts
{
    public static IDisposable Register(Action onInterrupt)
    {
        void Handler(object? sender, ConsoleCancelEventArgs e)
        {
            e.Cancel = true;
            onInterrupt();
        }

        Console.CancelKeyPress += Handler;
        return new Registration(() => Console.CancelKeyPress -= Handler);
    }

    private sealed class Registration(Action remove) : IDisposable
    {
        public void Dispose() => remove();
    }
}
