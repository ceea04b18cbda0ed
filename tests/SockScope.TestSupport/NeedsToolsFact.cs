namespace SockScope.TestSupport;

/// <summary>A fact that needs programs on PATH (tshark, curl, ...); skipped, naming the first missing one.</summary>
public sealed class NeedsToolsFactAttribute : FactAttribute
{
    public NeedsToolsFactAttribute(params string[] tools)
    {
        foreach (string tool in tools)
        {
            if (Tools.Find(tool) is null)
            {
                Skip = $"needs {tool} on PATH";
                return;
            }
        }
    }
}
