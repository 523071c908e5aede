using System.Runtime.Versioning;
using System.Text;

namespace Executor.Pki;

/// <summary>
/// Writes files whose mode is right from the first byte: the content goes to a temporary file in the same directory
/// created with the final mode (0600 for secrets), which is then renamed over the target. Without overwrite the rename
/// refuses an existing target, so a file that appeared after the check is not replaced either.
/// </summary>
[UnsupportedOSPlatform("windows")]
internal static class SecureFile
{
    public const UnixFileMode Private = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    public const UnixFileMode Public = Private | UnixFileMode.GroupRead | UnixFileMode.OtherRead;

    public static string ModeText(UnixFileMode mode) => "0" + Convert.ToString((int)mode, 8);

    /// <summary>Why <paramref name="path"/> cannot be written; null when it can.</summary>
    public static string? Problem(string path, bool overwrite)
    {
        if (Directory.Exists(path))
        {
            return $"{path} is a directory";
        }

        if (!overwrite && File.Exists(path))
        {
            return $"{path} exists; mplan does not replace it unless the plan says overwrite: true";
        }

        return null;
    }

    /// <summary>Writes <paramref name="write"/>'s text (UTF-8, no BOM) to <paramref name="path"/> with <paramref name="mode"/>.</summary>
    public static void Write(string path, UnixFileMode mode, bool overwrite, Action<TextWriter> write)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(path))!;
        var temporary = Path.Combine(directory, $".{Path.GetFileName(path)}.mplan-tmp");
        try
        {
            var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write, Share = FileShare.None, UnixCreateMode = Private };
            using (var stream = new FileStream(temporary, options))
            {
                // A stale temporary file keeps its old mode: make it private before anything is written into it.
                File.SetUnixFileMode(temporary, Private);
                using var writer = new StreamWriter(stream, new UTF8Encoding(false)) { NewLine = "\n" };
                write(writer);
                writer.Flush();
                stream.Flush(flushToDisk: true);
            }

            File.SetUnixFileMode(temporary, mode);
            File.Move(temporary, path, overwrite);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            TryDelete(temporary);
            var reason = !overwrite && File.Exists(path) ? $"{path} appeared while mplan was writing; nothing replaced it" : $"cannot write {path}: {e.Message}";
            throw new PkiException(reason, e);
        }
    }

    public static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Best effort: the caller reports the original failure.
        }
    }
}
