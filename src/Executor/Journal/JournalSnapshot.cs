using System.Collections.Immutable;
using Planner.Events;

namespace Executor.Journal;

/// <summary>A consistent view of a journal at one moment (what <c>mplan show</c> renders).</summary>
/// <param name="Path">The journal file.</param>
/// <param name="Run">The run's record.</param>
/// <param name="LastSequence">The last committed event's number.</param>
/// <param name="Operations">Each operation with its step count per state, in plan order.</param>
/// <param name="Steps">Every step, in plan order.</param>
/// <param name="LastEvents">The last few events, oldest first.</param>
/// <param name="Abort">The pending abort request, if any.</param>
/// <param name="Holder">The live process holding the journal's lock (an apply running now), if any.</param>
/// <param name="Gates">Every gate the run reached: waiting ones first-class for <c>mplan approve</c>, closed ones with who and when.</param>
public sealed record JournalSnapshot(string Path, JournalRun Run, long LastSequence, ImmutableArray<JournalOperation> Operations,
    ImmutableArray<JournalStep> Steps, ImmutableArray<RunEvent> LastEvents, JournalAbortRequest? Abort, LockHolder? Holder,
    ImmutableArray<JournalGate> Gates);

/// <summary>One operation's progress: how many of its steps are in each state.</summary>
/// <param name="Id">The operation's id.</param>
/// <param name="Steps">How many steps it has.</param>
/// <param name="Counts">Steps per state, in <see cref="JournalStepStates.All"/> order, only states with steps.</param>
public sealed record JournalOperation(string Id, int Steps, ImmutableArray<KeyValuePair<string, int>> Counts);

/// <summary>An operator's request that the run stop: in-flight steps finish, nothing new starts.</summary>
/// <param name="RequestedAt">When it was asked.</param>
/// <param name="Reason">The operator's reason.</param>
/// <param name="RequestedBy">Who asked: user, host and process.</param>
public sealed record JournalAbortRequest(DateTimeOffset RequestedAt, string Reason, string RequestedBy);
