namespace Mstro.Bouncer.Tests.Policy;

/// <summary>Finds files of the source tree (the packs, the schema, the reference doc) from the test's output dir.</summary>
internal static class SourceTree
{
    public static string PolicyDir { get; } = FindPolicyDir();

    public static string PacksDir => Path.Combine(PolicyDir, "Packs");

    private static string FindPolicyDir()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "src", "Mstro.Bouncer", "Policy");
            if (Directory.Exists(candidate)) return candidate;
        }
        throw new DirectoryNotFoundException("src/Mstro.Bouncer/Policy not found above " + AppContext.BaseDirectory);
    }
}
