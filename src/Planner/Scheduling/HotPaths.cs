using System.Diagnostics.CodeAnalysis;
using System.Reflection;
using System.Runtime.CompilerServices;

namespace Planner.Scheduling;

/// <summary>
/// Compiles the given types' per-event methods (those marked <see cref="MethodImplOptions.AggressiveOptimization"/>,
/// which are never precompiled) on another core, before the first run calls them. A large plan's expansion keeps one
/// core busy and leaves the other mostly idle; compiled there, the scheduler's loops cost the runs nothing at their start.
/// </summary>
public static class HotPaths
{
    private const BindingFlags Declared = BindingFlags.DeclaredOnly | BindingFlags.Instance | BindingFlags.Static | BindingFlags.Public | BindingFlags.NonPublic;

    /// <summary>
    /// Starts compiling; the caller need not wait (a method called before it is compiled is compiled then, once). A
    /// Native AOT build has nothing to compile: all its code was compiled ahead.
    /// </summary>
    public static Task PrepareAlongside(params Type[] types) => !RuntimeFeature.IsDynamicCodeCompiled ? Task.CompletedTask : Task.Run(() =>
    {
        foreach (var method in types.SelectMany(Marked))
        {
            RuntimeHelpers.PrepareMethod(method.MethodHandle);
        }
    });

    /// <summary>The methods of <paramref name="type"/> that are compiled optimised at their first call.</summary>
    [UnconditionalSuppressMessage("Trimming", "IL2070", Justification = "Used where code is compiled at run time, which is never the trimmed build; a method trimmed away needs no compiling.")]
    internal static IEnumerable<MethodInfo> Marked(Type type) => type.GetMethods(Declared)
        .Where(m => (m.MethodImplementationFlags & MethodImplAttributes.AggressiveOptimization) != 0 && !m.ContainsGenericParameters);
}
