namespace Budget.Api.Common;

/// <summary>Files only the app's own user may read or write (mode 600; folders 700). Windows has no such modes.</summary>
public static class OwnerOnlyFiles
{
    private const UnixFileMode File = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    private const UnixFileMode Directory = File | UnixFileMode.UserExecute;

    public static void EnsureDirectory(string path)
    {
        if (OperatingSystem.IsWindows())
        {
            System.IO.Directory.CreateDirectory(path);
        }
        else if (!System.IO.Directory.Exists(path))
        {
            System.IO.Directory.CreateDirectory(path, Directory);
        }
    }

    /// <summary>Creates the file with <paramref name="contents"/>, or returns false when it already exists (then it is left as is).</summary>
    public static bool TryCreate(string path, string contents)
    {
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = File;
        }
        try
        {
            using var writer = new StreamWriter(new FileStream(path, options));
            writer.Write(contents);
            return true;
        }
        catch (IOException) when (System.IO.File.Exists(path))
        {
            return false;
        }
    }
}
