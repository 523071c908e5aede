using System.Text;
using System.Text.RegularExpressions;
using Scriban;
using Scriban.Parsing;
using Scriban.Runtime;
using Scriban.Syntax;

namespace Planner.Operations.Kinds;

/// <summary>
/// A <c>shell.run</c> command template, rendered with Scriban. Every value a <c>{{ ... }}</c> substitutes is quoted
/// for <c>/bin/sh</c> on the way out, whatever filters it went through, so a target named <c>x; rm -rf /</c> stays one
/// word. The variables are <c>target</c> (the target's name), <c>id</c> and <c>cluster</c>; an unknown one is an error.
/// Scriban's <c>date</c> functions are left out: the rendered commands are part of the reviewed plan and its hash.
/// </summary>
internal sealed partial class ShellCommandTemplate
{
    private readonly Template _template;
    private readonly QuotingContext _context = new();

    private ShellCommandTemplate(Template template) => _template = template;

    // Scriban's first parse and render take ~40 ms (its types and tables load), the rest well under a millisecond.
    private static readonly Lazy<Task> Warm = new(() => Task.Run(() => Parse("{{ target }}", out _)!.Render(new TargetRef("id", "name"), "cluster", out _)));

    /// <summary>Starts Scriban's one-time start-up on another core: once, however often it is called.</summary>
    public static Task Prepare() => Warm.Value;

    /// <summary>Parses <paramref name="text"/>; null with the parser's first error when it is not a valid template.</summary>
    public static ShellCommandTemplate? Parse(string text, out string? error)
    {
        var template = Template.Parse(text);
        if (template.HasErrors)
        {
            var message = template.Messages.First(m => m.Type == ParserMessageType.Error);
            error = $"{message.Message} (template line {message.Span.Start.Line + 1}, column {message.Span.Start.Column + 1})";
            return null;
        }

        error = null;
        return new ShellCommandTemplate(template);
    }

    /// <summary>The command for one target (null: the operation has no targets), or the error that stopped it.</summary>
    public string? Render(TargetRef? target, string cluster, out string? error)
    {
        var globals = new ScriptObject();
        if (cluster.Length > 0)
        {
            globals["cluster"] = cluster;
        }

        if (target is not null)
        {
            globals["target"] = target.Name;
            globals["id"] = target.Id;
        }

        _context.PushGlobal(globals);
        try
        {
            error = null;
            return _template.Render(_context);
        }
        catch (ScriptRuntimeException e)
        {
            error = e.OriginalMessage;
            return null;
        }
        finally
        {
            _context.PopGlobal();
        }
    }

    /// <summary>
    /// <paramref name="value"/> as one word for a POSIX shell: unchanged when it has only characters no shell treats
    /// specially (as Python's <c>shlex.quote</c> leaves them), otherwise in single quotes with each <c>'</c> written <c>'"'"'</c>.
    /// </summary>
    public static string Quote(string value)
    {
        if (value.Length > 0 && SafeWord().IsMatch(value))
        {
            return value;
        }

        var quoted = new StringBuilder(value.Length + 2).Append('\'');
        foreach (var c in value)
        {
            quoted.Append(c == '\'' ? "'\"'\"'" : c.ToString());
        }

        return quoted.Append('\'').ToString();
    }

    /// <summary>The variable a render error says is not defined, or null for another error.</summary>
    public static string? UnknownVariable(string error) => UnknownVariableMessage().Match(error) is { Success: true } m ? m.Groups[1].Value : null;

    [GeneratedRegex(@"The variable or function `([^`]+)` was not found", RegexOptions.CultureInvariant)]
    private static partial Regex UnknownVariableMessage();

    [GeneratedRegex(@"^[A-Za-z0-9_@%+=:,./-]+$", RegexOptions.CultureInvariant)]
    private static partial Regex SafeWord();

    /// <summary>Quotes what every expression writes; the template's literal text is written as it is.</summary>
    private sealed class QuotingContext : TemplateContext
    {
        public QuotingContext()
            : base(Builtins())
        {
            StrictVariables = true;
            LoopLimit = 1000;
            RecursiveLimit = 20;
            LimitToString = 100_000;
            EnableRelaxedMemberAccess = false;
        }

        public override TemplateContext Write(SourceSpan span, object? textAsObject) =>
            base.Write(span, Quote(ObjectToString(textAsObject) ?? ""));

        private static ScriptObject Builtins()
        {
            var builtins = GetDefaultBuiltinObject();
            builtins.Remove("date");
            return builtins;
        }
    }
}
