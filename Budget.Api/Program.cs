using Budget.Api.ActualSankey;
using Budget.Api.Alerts;
using Budget.Api.Auth;
using Budget.Api.Backup;
using Budget.Api.Budgets;
using Budget.Api.Common;
using Budget.Api.Dashboard;
using Budget.Api.Data;
using Budget.Api.Exports;
using Budget.Api.Forecast;
using Budget.Api.Goals;
using Budget.Api.Imports;
using Budget.Api.Profiles;
using Budget.Api.Sankey;
using Budget.Api.Sharing;
using Budget.Api.Schedules;

// `Budget.Api backup <dir>`: the nightly backup (a k3s CronJob), run with the app's own settings, no web host.
if (BackupCommand.Matches(args))
{
    return BackupCommand.Run(args);
}

var builder = WebApplication.CreateSlimBuilder(args);

builder.AddServiceDefaults();
builder.WebHost.ConfigureKestrel(kestrel =>
{
    kestrel.AddServerHeader = false;
    kestrel.Limits.MaxRequestBodySize = Limits.RequestBodyBytes;
});
builder.Services.ConfigureHttpJsonOptions(json => AppJsonContext.ApplyTo(json.SerializerOptions));
builder.Services.AddBudgetErrorHandling();
builder.Services.AddBudgetDatabase();
builder.AddBudgetAuth();
builder.Services.AddClientNetwork(builder.Configuration);
builder.Services.AddHouseholdTime(builder.Configuration);
builder.Services.AddSingleton<AccountRestore.Slot>();
builder.Services.AddAlerts();
builder.Services.AddRecurringTransactions();
builder.Services.AddOpenApi(openApi => openApi.AddSchemaTransformer(ExactDecimalConverter.DescribeAsNumber));

var app = builder.Build();

app.UseForwardedHeaders();
app.UseSecurityHeaders();
app.UseBudgetErrorHandling();
app.UseRequestBodyLimit();
app.UseCors();
app.UseAuthentication();
app.UseRateLimiter();
app.UseAuthorization();

app.MapOpenApi();
app.MapDefaultEndpoints();
app.MapAuthApi();
app.MapProfilesApi();
app.MapNodesApi();
app.MapFlowsApi();
app.MapBudgetsApi();
app.MapTransactionsApi();
app.MapGoalsApi();
app.MapDashboardApi();
app.MapForecastApi();
app.MapActualSankeyApi();
app.MapSharingApi();
app.MapImportsApi();
app.MapAlertsApi();
app.MapExportsApi();
app.MapAccountExportApi();
app.MapSchedulesApi();
app.MapWebApp();

if (!OpenApiBuild.IsRunning)
{
    await app.Services.PrepareDatabaseAsync();
}
await app.RunAsync();
return 0;

/// <summary>The entry point, visible to the tests' WebApplicationFactory.</summary>
public partial class Program;
