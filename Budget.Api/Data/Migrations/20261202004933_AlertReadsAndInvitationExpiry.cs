using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Budget.Api.Data.Migrations
{
    /// <inheritdoc />
    public partial class AlertReadsAndInvitationExpiry : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "idempotency_key",
                table: "notification_channels",
                type: "TEXT",
                maxLength: 100,
                nullable: true);

            migrationBuilder.CreateTable(
                name: "alert_reads",
                columns: table => new
                {
                    alert_id = table.Column<long>(type: "INTEGER", nullable: false),
                    user_id = table.Column<long>(type: "INTEGER", nullable: false),
                    read_at = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_alert_reads", x => new { x.alert_id, x.user_id });
                    table.ForeignKey(
                        name: "FK_alert_reads_alerts_alert_id",
                        column: x => x.alert_id,
                        principalTable: "alerts",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_alert_reads_users_user_id",
                        column: x => x.user_id,
                        principalTable: "users",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            // Read state was the profile's: an alert read then counts as read by everyone who is a member now.
            migrationBuilder.Sql(
                """
                INSERT INTO alert_reads (alert_id, user_id, read_at)
                SELECT a.id, m.user_id, a.read_at FROM alerts a JOIN profile_members m ON m.profile_id = a.profile_id
                WHERE a.read_at IS NOT NULL;
                """);

            migrationBuilder.DropColumn(
                name: "read_at",
                table: "alerts");

            migrationBuilder.CreateIndex(
                name: "IX_notification_channels_user_id_idempotency_key",
                table: "notification_channels",
                columns: new[] { "user_id", "idempotency_key" },
                unique: true,
                filter: "idempotency_key IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "IX_alert_reads_user_id",
                table: "alert_reads",
                column: "user_id");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateTime>(
                name: "read_at",
                table: "alerts",
                type: "TEXT",
                nullable: true);

            // Back to one read state per profile: read once anyone read it.
            migrationBuilder.Sql("UPDATE alerts SET read_at = (SELECT min(r.read_at) FROM alert_reads r WHERE r.alert_id = alerts.id);");

            migrationBuilder.DropTable(
                name: "alert_reads");

            migrationBuilder.DropIndex(
                name: "IX_notification_channels_user_id_idempotency_key",
                table: "notification_channels");

            migrationBuilder.DropColumn(
                name: "idempotency_key",
                table: "notification_channels");

        }
    }
}
