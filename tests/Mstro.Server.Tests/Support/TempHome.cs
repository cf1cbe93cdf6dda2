namespace Mstro.Server.Tests.Support;

/// <summary>A throw-away HOME (a real directory under the temp dir) so that every test has its own ~/.mstro.</summary>
public sealed class TempHome : IDisposable
{
    public TempHome()
    {
        Path = Directory.CreateTempSubdirectory("mstro-home-").FullName;
    }

    public string Path { get; }

    public string MstroDirectory => System.IO.Path.Combine(Path, ".mstro");

    public string RuntimeFile => System.IO.Path.Combine(MstroDirectory, "server.json");

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // A process the test started may still hold a file for a moment; the temp dir is cleaned eventually.
        }
    }
}
