using System.Text.Json;
using System.Text.Json.Serialization;
using Budget.Api.ActualSankey;
using Budget.Api.Alerts;
using Budget.Api.Auth;
using Budget.Api.Budgets;
using Budget.Api.Dashboard;
using Budget.Api.Exports;
using Budget.Api.Forecast;
using Budget.Api.Goals;
using Budget.Api.Imports;
using Budget.Api.Profiles;
using Budget.Api.Sankey;
using Budget.Api.Sharing;
using Budget.Api.Schedules;

namespace Budget.Api.Common;

/// <summary>
/// Source-generated JSON for every request and response (no reflection, so trimming and Native AOT keep working).
/// Strict on input: numbers are numbers, unknown or repeated fields and nulls where none belong are refused, and
/// a missing required field is named.
/// </summary>
[JsonSourceGenerationOptions(
    JsonSerializerDefaults.Web,
    NumberHandling = JsonNumberHandling.Strict,
    UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    AllowDuplicateProperties = false,
    RespectNullableAnnotations = true,
    RespectRequiredConstructorParameters = true,
    Converters = [typeof(ExactDecimalConverter)])]
[JsonSerializable(typeof(RegisterRequest))]
[JsonSerializable(typeof(LoginRequest))]
[JsonSerializable(typeof(RefreshRequest))]
[JsonSerializable(typeof(ChangePasswordRequest))]
[JsonSerializable(typeof(DeleteAccountRequest))]
[JsonSerializable(typeof(TokenResponse))]
[JsonSerializable(typeof(MeResponse))]
[JsonSerializable(typeof(ProfileRequest))]
[JsonSerializable(typeof(ProfileResponse[]))]
[JsonSerializable(typeof(NodeRequest))]
[JsonSerializable(typeof(NodeResponse[]))]
[JsonSerializable(typeof(FlowRequest))]
[JsonSerializable(typeof(FlowResponse[]))]
[JsonSerializable(typeof(BudgetRequest))]
[JsonSerializable(typeof(BudgetResponse[]))]
[JsonSerializable(typeof(TransactionRequest))]
[JsonSerializable(typeof(TransactionResponse[]))]
[JsonSerializable(typeof(GoalRequest))]
[JsonSerializable(typeof(GoalResponse[]))]
[JsonSerializable(typeof(DashboardResponse))]
[JsonSerializable(typeof(ForecastResponse))]
[JsonSerializable(typeof(ActualSankeyResponse))]
[JsonSerializable(typeof(InvitationRequest))]
[JsonSerializable(typeof(RoleChangeRequest))]
[JsonSerializable(typeof(OwnerTransferRequest))]
[JsonSerializable(typeof(ProfileMemberResponse[]))]
[JsonSerializable(typeof(SentInvitationResponse[]))]
[JsonSerializable(typeof(ReceivedInvitationResponse[]))]
[JsonSerializable(typeof(CsvMapping))]
// Only for the OpenAPI document, whose schema exporter needs metadata for every parameter: a form file is never JSON.
[JsonSerializable(typeof(IFormFile))]
[JsonSerializable(typeof(ImportPreviewResponse))]
[JsonSerializable(typeof(ImportResponse[]))]
[JsonSerializable(typeof(ImportMappingResponse[]))]
[JsonSerializable(typeof(AlertListResponse))]
[JsonSerializable(typeof(ChannelRequest))]
[JsonSerializable(typeof(ChannelResponse[]))]
[JsonSerializable(typeof(AccountBackup))]
[JsonSerializable(typeof(RestoreResponse))]
[JsonSerializable(typeof(UploadLimits))]
[JsonSerializable(typeof(ScheduleRequest))]
[JsonSerializable(typeof(ScheduleResponse[]))]
[JsonSerializable(typeof(UpcomingTransaction[]))]
internal sealed partial class AppJsonContext : JsonSerializerContext
{
    /// <summary>Makes the app's JSON options (which the endpoints and the OpenAPI document use) this context's.</summary>
    public static void ApplyTo(JsonSerializerOptions options)
    {
        var strict = Default.Options;
        options.NumberHandling = strict.NumberHandling;
        options.UnmappedMemberHandling = strict.UnmappedMemberHandling;
        options.AllowDuplicateProperties = strict.AllowDuplicateProperties;
        options.RespectNullableAnnotations = strict.RespectNullableAnnotations;
        options.RespectRequiredConstructorParameters = strict.RespectRequiredConstructorParameters;
        options.Converters.Insert(0, new ExactDecimalConverter());
        options.TypeInfoResolverChain.Insert(0, Default);
    }
}
