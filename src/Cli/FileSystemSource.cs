using Planner.Plans;

namespace Cli;

/// <summary>Reads plan and cluster files from disk, turning I/O failures into a reason instead of an exception.</summary>
internal sealed class FileSystemSource : IFileSource
{
    public byte[]? TryRead(string path, out string? error)
    {
        try
        {
            error = null;
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
}
