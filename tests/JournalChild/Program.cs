using Executor.Journal;
using Planner.Events;

// Usage:
//   append JOURNAL              continue the journal, one event per commit, printing each sequence number after its
//                               commit returned, until killed
//   lock JOURNAL PLAN CLUSTER DIR   take the journal's locks, print "locked" (and any stale notice), wait until killed
//   abort JOURNAL REASON        request an abort, print "requested"
// Errors print "error: MESSAGE" and exit 1.
try
{
    switch (args[0])
    {
        case "append":
            Append(args[1]);
            break;
        case "lock":
            using (var held = JournalLock.Acquire(args[1], args[2], args[3], args[4]))
            {
                foreach (var notice in held.StaleNotices)
                {
                    Console.WriteLine("stale: " + notice);
                }

                Console.WriteLine("locked");
                Console.Out.Flush();
                Console.In.ReadLine();
            }

            break;
        case "abort":
            JournalAbort.Request(args[1], args[2]);
            Console.WriteLine("requested");
            break;
        default:
            Console.WriteLine("error: unknown command " + args[0]);
            return 1;
    }

    return 0;
}
catch (JournalException e)
{
    Console.WriteLine("error: " + e.Message);
    return 1;
}

static void Append(string path)
{
    using var journal = RunJournal.OpenForResume(path);
    var steps = journal.Steps.Values.ToList();
    var origin = new DateTimeOffset(2026, 12, 5, 22, 0, 0, TimeSpan.Zero);
    for (var sequence = journal.LastSequence + 1; ; sequence++)
    {
        var step = steps[(int)(sequence / 3 % steps.Count)];
        var at = TimeSpan.FromMilliseconds(sequence);
        var kind = (sequence % 3) switch { 0 => RunEventKind.StepStarted, 1 => RunEventKind.StepSubmitted, _ => RunEventKind.StepFinished };
        journal.Write(new RunEvent(sequence, kind, at, origin + at)
        {
            Step = step.StepId,
            Operation = step.Operation,
            Target = step.Target,
            Attempt = 1,
            State = kind == RunEventKind.StepFinished ? "succeeded" : null,
            Detail = $"event {sequence}",
        });
        Console.WriteLine(sequence);
        Console.Out.Flush();
    }
}
