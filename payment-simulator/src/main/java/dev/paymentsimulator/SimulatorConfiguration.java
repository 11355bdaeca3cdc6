package dev.paymentsimulator;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.Configuration;

/** Import this to run the simulator inside another Spring Boot web application. */
@Configuration(proxyBeanMethods = false)
@ComponentScan
@EnableConfigurationProperties(SimulatorProperties.class)
public class SimulatorConfiguration {
}
