using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Budget.Api.Data.Migrations
{
    /// <inheritdoc />
    public partial class GoalNodeLink : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<long>(
                name: "node_id",
                table: "goals",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "IX_goals_node_id",
                table: "goals",
                column: "node_id");

            migrationBuilder.AddForeignKey(
                name: "FK_goals_nodes_node_id",
                table: "goals",
                column: "node_id",
                principalTable: "nodes",
                principalColumn: "id",
                onDelete: ReferentialAction.SetNull);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropForeignKey(
                name: "FK_goals_nodes_node_id",
                table: "goals");

            migrationBuilder.DropIndex(
                name: "IX_goals_node_id",
                table: "goals");

            migrationBuilder.DropColumn(
                name: "node_id",
                table: "goals");
        }
    }
}
