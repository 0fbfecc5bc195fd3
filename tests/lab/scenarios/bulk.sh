# bulk: iperf3 bulk transfers both ways through a 60 Mbit/s tbf
# bottleneck (tail drops before the capture point for data going up,
# after it for data going down), random drops of data packets on both
# sides of the middle link, and a few idle keep-alive connections.
scenario_setup() {
	lab_tbf middle up 60mbit &&
	lab_tbf server up 80mbit &&
	lab_tbf middle down 60mbit &&
	lab_tbf client down 80mbit &&
	lab_drop before up 4 && lab_drop after up 4 &&
	lab_drop before down 4 && lab_drop after down 4
}
scenario_traffic() {
	lab_keep 3 6
	lab_bulk up 5 2
	lab_bulk down 5 2
}
