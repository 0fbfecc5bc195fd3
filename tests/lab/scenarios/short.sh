# short: many short request/response connections (1 to 5 requests, 100
# bytes to 200 kB answers), 1 % random drops of data packets before and
# after the middle link in both directions, a few keep-alive connections
# and one rate-limited bulk transfer up.
scenario_setup() {
	lab_tbf middle down 40mbit &&
	lab_drop before up 10 && lab_drop after up 10 &&
	lab_drop before down 10 && lab_drop after down 10
}
scenario_traffic() {
	lab_keep 4 6
	lab_rr 10 5
	lab_bulk up 5 1 10M
}
