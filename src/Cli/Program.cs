using Cli;

// The composition root: real files, real console. Everything else is in CliApp so tests can run it in memory.
return await CliApp.RunAsync(args, Console.Out, Console.Error, new FileSystemSource(), CancellationToken.None);
