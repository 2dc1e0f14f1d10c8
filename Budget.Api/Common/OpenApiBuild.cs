using System.Reflection;

namespace Budget.Api.Common;

/// <summary>
/// The build runs the app once only to write its OpenAPI document (Budget.Api/openapi/budget.json). That run has no
/// database, so nothing that reads one may start in it: no migrations, no background services.
/// </summary>
public static class OpenApiBuild
{
    public static bool IsRunning { get; } = Assembly.GetEntryAssembly()?.GetName().Name == "GetDocument.Insider";
}
