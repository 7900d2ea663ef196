/** Kroger's real department ids and names (KROGER_API.md §4.5; ids may be alphanumeric). */
export const DEPARTMENTS: readonly { departmentId: string; name: string }[] = [
  ['01', 'Deli'], ['02', 'Bakery'], ['03', 'Cheese Counter'], ['04', 'Meat Department'], ['05', 'Seafood Department'],
  ['08', 'Floral'], ['09', 'Pharmacy'], ['10', 'Gas Station'], ['12', 'Cosmetics'], ['13', 'Cell Phone'],
  ['16', 'Drive-thru Pharmacy'], ['17', 'Bath'], ['18', 'Books And Magazines'], ['19', 'Videos'], ['20', 'One Hour Photo'],
  ['21', 'Self Checkout'], ['22', 'Post Office'], ['23', 'Drug & General Merchandise'], ['26', 'Kosher Food'],
  ['29', 'Event Tickets'], ['31', 'Coinstar'], ['32', 'Natural And Organics'], ['44', 'Beer'], ['45', 'Wine'],
  ['46', 'Sushi'], ['48', 'Starbucks'], ['50', 'Olive Bar'], ['53', "Boar's Head"], ['55', 'Atm'],
  ['56', 'The Little Clinic/Walk-in Center'], ['58', 'Free Wireless Access'], ['60', 'Redbox'], ['61', 'Ticketmaster'],
  ['63', 'I-wireless'], ['65', 'Money Services'], ['66', "Murray's Cheese"], ['69', 'Online Deli/Bakery Ordering'],
  ['73', 'Eco Atm'], ['89', 'Western Union'], ['94', 'Pickup'], ['95', 'Diesel'], ['99', 'Check Cashing'],
  ['0J', 'Home Chef'], ['0K', 'Full Strength Beer'], ['AF', 'Account Funding'], ['LY', 'Lottery Tickets'],
  ['MO', 'Money Orders'], ['TL', 'Tobacco'],
].map(([departmentId, name]) => ({ departmentId, name }));

export const DEPARTMENT_IDS = new Set(DEPARTMENTS.map((d) => d.departmentId));

/** Departments every full supermarket has; others are added per store. */
export const CORE_DEPARTMENTS = ['01', '02', '04', '05', '08', '09', '21', '23', '32', '94'];
