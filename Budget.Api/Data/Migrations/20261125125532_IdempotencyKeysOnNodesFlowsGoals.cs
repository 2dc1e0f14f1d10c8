using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Budget.Api.Data.Migrations
{
    /// <inheritdoc />
    public partial class IdempotencyKeysOnNodesFlowsGoals : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "idempotency_key",
                table: "nodes",
                type: "TEXT",
                maxLength: 100,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "idempotency_key",
                table: "goals",
                type: "TEXT",
                maxLength: 100,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "idempotency_key",
                table: "flows",
                type: "TEXT",
                maxLength: 100,
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "IX_nodes_profile_id_idempotency_key",
                table: "nodes",
                columns: new[] { "profile_id", "idempotency_key" },
                unique: true,
                filter: "idempotency_key IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "IX_goals_profile_id_idempotency_key",
                table: "goals",
                columns: new[] { "profile_id", "idempotency_key" },
                unique: true,
                filter: "idempotency_key IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "IX_flows_profile_id_idempotency_key",
                table: "flows",
                columns: new[] { "profile_id", "idempotency_key" },
                unique: true,
                filter: "idempotency_key IS NOT NULL");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_nodes_profile_id_idempotency_key",
                table: "nodes");

            migrationBuilder.DropIndex(
                name: "IX_goals_profile_id_idempotency_key",
                table: "goals");

            migrationBuilder.DropIndex(
                name: "IX_flows_profile_id_idempotency_key",
                table: "flows");

            migrationBuilder.DropColumn(
                name: "idempotency_key",
                table: "nodes");

            migrationBuilder.DropColumn(
                name: "idempotency_key",
                table: "goals");

            migrationBuilder.DropColumn(
                name: "idempotency_key",
                table: "flows");
        }
    }
}
