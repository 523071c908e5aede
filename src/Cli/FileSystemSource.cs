using System.Text;
using Planner.Plans;

namespace Cli;

/// <summary>
/// Reads plan and cluster files from disk, turning I/O failures into a reason instead of an exception; so are paths
/// no file system takes (empty, with a NUL or another control character, too long), which .NET throws for.
/// </summary>
internal sealed class FileSystemSource : IFileSource
{
    // Linux's PATH_MAX (4096 with the terminating NUL) and NAME_MAX, in bytes; other systems take no more.
    private const int MaxPathBytes = 4095;
    private const int MaxNameBytes = 255;

    public byte[]? TryRead(string path, out string? error)
    {
        error = PathProblem(path);
        if (error is not null)
        {
            return null;
        }

        try
        {
            if (Directory.Exists(path))
            {
                error = "it is a directory";
                return null;
            }

            return File.ReadAllBytes(path);
        }
        catch (FileNotFoundException)
        {
            error = "no such file";
        }
        catch (DirectoryNotFoundException)
        {
            error = "no such directory";
        }
        catch (UnauthorizedAccessException)
        {
            error = "permission denied";
        }
        catch (IOException e)
        {
            error = e.Message;
        }

        return null;
    }

    /// <summary>Why no file system opens this path, without repeating it (the diagnostic names it), or null.</summary>
    private static string? PathProblem(string path)
    {
        if (path.Length == 0)
        {
            return "the path is empty";
        }

        var control = path.AsSpan().IndexOfAnyInRange('\0', '\u001f');
        if (control >= 0)
        {
            return path[control] switch
            {
                '\0' => $"the path holds a NUL character (character {control + 1}), which no file system accepts",
                '\n' or '\r' => $"the path holds a line break (character {control + 1})",
                _ => $"the path holds the control character U+{(int)path[control]:X4} (character {control + 1})",
            };
        }

        var bytes = Encoding.UTF8.GetByteCount(path);
        if (bytes > MaxPathBytes)
        {
            return $"the path is {bytes} bytes long; file systems take at most {MaxPathBytes}";
        }

        var longest = path.Split('/', '\\').Max(Encoding.UTF8.GetByteCount);
        return longest > MaxNameBytes ? $"a name in the path is {longest} bytes long; file systems take at most {MaxNameBytes} per name" : null;
    }
}
